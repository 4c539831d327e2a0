package io.tailgrant.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.tailgrant.directory.GrantFilter;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.Refusal;
import io.tailgrant.temporal.TemporalNames;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.internal.common.SearchAttributesUtil;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * History from Temporal visibility: the List Filter sent, what a grant's search attributes become,
 * visibility's own page token, and the fallback when a Temporal cannot run the query. A Temporal
 * with visibility is stood in for by a gRPC service that answers {@code ListWorkflowExecutions}
 * with executions encoded as the SDK encodes a workflow's upserted search attributes.
 */
class VisibilityHistoryTest {
  static final Instant HORIZON = Instant.parse("2026-04-01T00:00:00Z");

  final List<ListWorkflowExecutionsRequest> asked = new ArrayList<>();
  final Deque<Object> answers = new ArrayDeque<>();
  Server server;
  ManagedChannel channel;
  WorkflowServiceStubs stubs;

  VisibilityHistory visibility() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(
                new WorkflowServiceGrpc.WorkflowServiceImplBase() {
                  @Override
                  public void getSystemInfo(
                      GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> out) {
                    out.onNext(GetSystemInfoResponse.getDefaultInstance());
                    out.onCompleted();
                  }

                  @Override
                  public void listWorkflowExecutions(
                      ListWorkflowExecutionsRequest request,
                      StreamObserver<ListWorkflowExecutionsResponse> out) {
                    asked.add(request);
                    Object a = answers.removeFirst();
                    if (a instanceof Status s) {
                      out.onError(s.asRuntimeException());
                    } else {
                      out.onNext((ListWorkflowExecutionsResponse) a);
                      out.onCompleted();
                    }
                  }
                })
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setChannel(channel).build());
    return new VisibilityHistory(stubs, "tailgrant", DefaultDataConverter.newDefaultInstance());
  }

  @AfterEach
  void stop() {
    if (stubs != null) {
      stubs.shutdownNow();
    }
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow();
    }
  }

  static WorkflowExecutionInfo execution(
      String workflowId,
      String type,
      String requester,
      String target,
      String status,
      Instant start) {
    SearchAttributes.Builder sa = SearchAttributes.newBuilder();
    if (type != null) {
      sa.set(TemporalNames.GRANT_TYPE, type);
    }
    sa.set(TemporalNames.REQUESTER, requester).set(TemporalNames.TARGET, target);
    if (status != null) {
      sa.set(TemporalNames.STATUS, status);
    }
    return WorkflowExecutionInfo.newBuilder()
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId("r1"))
        .setType(WorkflowType.newBuilder().setName("GrantWorkflow"))
        .setStatus(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED)
        .setStartTime(ts(start))
        .setCloseTime(ts(start.plusSeconds(3600)))
        .setSearchAttributes(SearchAttributesUtil.encodeTyped(sa.build()))
        .build();
  }

  static Timestamp ts(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  static GrantFilter filter(Map<String, String> p) {
    return GrantFilter.parse(p::get);
  }

  @Test
  void theQueryAsksForClosedGrantWorkflowsWithEveryFilter() {
    HistoryQuery q =
        new HistoryQuery(
            "alice@example.com",
            filter(
                Map.of(
                    "type", "db-admin",
                    "target", "db-1",
                    "status", "expired",
                    "from", "2026-03-01T00:00:00Z",
                    "to", "2026-04-01T00:00:00Z")),
            HORIZON);
    assertEquals(
        "WorkflowType = 'GrantWorkflow' AND ExecutionStatus != 'Running'"
            + " AND CloseTime < '2026-04-01T01:00:00Z'"
            + " AND TailGrantRequester = 'alice@example.com' AND TailGrantType = 'db-admin'"
            + " AND TailGrantTarget = 'db-1' AND TailGrantStatus = 'expired'"
            + " AND StartTime >= '2026-03-01T00:00:00Z' AND StartTime < '2026-04-01T00:00:00Z'",
        VisibilityQuery.of(q));
    assertEquals(
        "WorkflowType = 'GrantWorkflow' AND ExecutionStatus != 'Running'"
            + " AND CloseTime < '2026-04-01T01:00:00Z' AND TailGrantRequester = 'bob@example.com'",
        VisibilityQuery.of(
            new HistoryQuery(null, filter(Map.of("requester", "bob@example.com")), HORIZON)),
        "an admin's requester filter");
    assertThrows(IllegalArgumentException.class, () -> VisibilityQuery.literal("x' OR 'a'='a"));
  }

  @Test
  void executionsBecomeSummariesAndVisibilitysTokenLeadsOn() throws Exception {
    VisibilityHistory v = visibility();
    Instant t = Instant.parse("2026-03-05T10:00:00Z");
    answers.add(
        ListWorkflowExecutionsResponse.newBuilder()
            .addExecutions(
                execution(
                    "grant/g-aaaaaaaa", "db-admin", "alice@example.com", "db-1", "expired", t))
            .addExecutions(execution("directory", null, "x", "y", null, t))
            .addExecutions(
                execution("grant/g-bbbbbbbb", "db-admin", "bob@example.com", "db-2", "nonsense", t))
            .setNextPageToken(ByteString.copyFromUtf8("visibility-page-2"))
            .build());
    answers.add(
        ListWorkflowExecutionsResponse.newBuilder()
            .addExecutions(
                execution(
                    "grant/g-cccccccc",
                    "db-admin",
                    "carol@example.com",
                    "db-3",
                    "revoked",
                    t.minusSeconds(60)))
            .build());
    HistoryQuery q = new HistoryQuery(null, filter(Map.of("type", "db-admin")), HORIZON);

    HistoryPage first = v.page(q, null, 3);
    assertEquals(1, first.grants().size(), "only grants with a status: " + first);
    GrantSummary g = first.grants().get(0);
    assertEquals("g-aaaaaaaa", g.id());
    assertEquals("db-admin", g.grantType());
    assertEquals("alice@example.com", g.requester());
    assertEquals("db-1", g.targetName());
    assertEquals(GrantStatus.EXPIRED, g.status());
    assertEquals(t, g.requestedAt());
    assertEquals(t.plusSeconds(3600), g.endedAt());
    assertEquals("tailgrant", asked.get(0).getNamespace());
    assertEquals(3, asked.get(0).getPageSize());
    assertEquals(VisibilityQuery.of(q), asked.get(0).getQuery());

    HistoryPage second = v.page(q, first.next(), 3);
    assertEquals("visibility-page-2", asked.get(1).getNextPageToken().toStringUtf8());
    assertEquals(List.of("g-cccccccc"), second.grants().stream().map(GrantSummary::id).toList());
    assertNull(second.next(), "no token on visibility's last page");
  }

  @Test
  void aGrantsTicketComesFromItsSearchAttribute() throws Exception {
    Instant t = Instant.parse("2026-03-05T10:00:00Z");
    WorkflowExecutionInfo plain =
        execution("grant/g-aaaaaaaa", "db-migrate", "alice@example.com", "db-1", "expired", t);
    SearchAttributes.Builder sa =
        SearchAttributes.newBuilder()
            .set(TemporalNames.GRANT_TYPE, "db-migrate")
            .set(TemporalNames.REQUESTER, "bob@example.com")
            .set(TemporalNames.TARGET, "db-2")
            .set(TemporalNames.STATUS, "revoked")
            .set(TemporalNames.TICKET, "CHG-1234");
    WorkflowExecutionInfo ticketed =
        plain.toBuilder()
            .setExecution(
                WorkflowExecution.newBuilder().setWorkflowId("grant/g-bbbbbbbb").setRunId("r2"))
            .setSearchAttributes(SearchAttributesUtil.encodeTyped(sa.build()))
            .build();
    answers.add(
        ListWorkflowExecutionsResponse.newBuilder()
            .addExecutions(plain)
            .addExecutions(ticketed)
            .build());
    List<GrantSummary> grants =
        visibility().page(new HistoryQuery(null, filter(Map.of()), HORIZON), null, 5).grants();
    assertEquals(
        List.of("g-aaaaaaaa", "g-bbbbbbbb"), grants.stream().map(GrantSummary::id).toList());
    assertNull(grants.get(0).ticket(), "a grant without a ticket");
    assertEquals("CHG-1234", grants.get(1).ticket());
  }

  @Test
  void aTemporalThatCannotRunTheQueryIsUnavailableAndABadTokenIsTheCallersFault() throws Exception {
    VisibilityHistory v = visibility();
    HistoryQuery q = new HistoryQuery(null, GrantFilter.NONE, HORIZON);
    for (Status s :
        List.of(Status.UNIMPLEMENTED, Status.INVALID_ARGUMENT, Status.PERMISSION_DENIED)) {
      answers.add(s);
      assertThrows(HistoryUnavailable.class, () -> v.page(q, null, 10), s::toString);
    }
    assertEquals(3, asked.size(), "each refusal was Temporal's answer to the query");
    answers.add(Status.INVALID_ARGUMENT);
    assertEquals(
        "bad_page_token", assertThrows(Refusal.class, () -> v.page(q, "dGFtcGVyZWQ", 10)).code());
    assertEquals(
        "bad_page_token", assertThrows(Refusal.class, () -> v.page(q, "not base64!", 10)).code());
  }

  @Test
  void theSdksTestServerHasNoListWithQuerySoHistoryFallsToTheAuditFile() throws Exception {
    Path file = Files.createTempFile("audit", ".jsonl");
    AuditFileHistoryTest.write(
        file,
        AuditFileHistoryTest.life(
            "g-dddddddd", "erin@example.com", Instant.parse("2026-03-02T00:00:00Z"), "expired"));
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      VisibilityHistory real =
          new VisibilityHistory(
              env.getWorkflowServiceStubs(),
              env.getNamespace(),
              DefaultDataConverter.newDefaultInstance());
      HistoryQuery q = new HistoryQuery(null, GrantFilter.NONE, HORIZON);
      assertThrows(HistoryUnavailable.class, () -> real.page(q, null, 10));

      int[] visibilityAsked = {0};
      GrantHistory counted =
          new GrantHistory() {
            @Override
            public String name() {
              return real.name();
            }

            @Override
            public HistoryPage page(HistoryQuery query, String cursor, int limit) {
              visibilityAsked[0]++;
              return real.page(query, cursor, limit);
            }
          };
      HistorySources sources = new HistorySources(List.of(counted, new AuditFileHistory(file)));
      HistorySources.Answer a = sources.first(q, 10).orElseThrow();
      assertEquals("audit", a.source());
      assertEquals(
          List.of("g-dddddddd"), a.page().grants().stream().map(GrantSummary::id).toList());
      sources.first(q, 10);
      assertEquals(1, visibilityAsked[0], "a refusal is remembered: visibility is asked once");
    }
  }

  @Test
  void withNeitherSourceThereIsNoHistory() {
    HistorySources none =
        new HistorySources(List.of(new AuditFileHistory(Path.of("/nonexistent/audit.jsonl"))));
    assertEquals(
        java.util.Optional.empty(),
        none.first(new HistoryQuery(null, GrantFilter.NONE, HORIZON), 10));
  }
}
