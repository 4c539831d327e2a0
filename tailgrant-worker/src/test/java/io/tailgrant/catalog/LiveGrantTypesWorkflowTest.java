package io.tailgrant.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.config.LiveCatalog;
import io.tailgrant.config.TailGrantConfig;
import io.tailgrant.grant.Decision;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.grant.GrantInput;
import io.tailgrant.grant.GrantSpec;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.grant.Refusal;
import io.tailgrant.grant.RefusalFailures;
import io.tailgrant.worker.Forge;
import io.tailgrant.worker.WorkflowTestStack;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live catalogue on a worker: it keeps only changes its own config accepts, a grant is admitted
 * only against the catalogue version it names as the worker reads it, and a running grant keeps the
 * version it was requested under while new requests get the new one.
 */
class LiveGrantTypesWorkflowTest {
  static final String CAROL = "carol@example.com";
  static final String ALICE = "alice@example.com";

  /** db-admin's access, approved by group:sre, for at most an hour. */
  static final String DB_SHORT =
      """
      description: Database admin for an hour
      kind: posture
      posture: {key: "custom:tailgrant_db_admin", value: "granted"}
      minDuration: 1m
      maxDuration: 1h
      risk: high
      requesters: [autogroup:member]
      approvers: [group:sre]
      approvalTimeout: 30m
      """;

  WorkflowTestStack stack;
  LiveCatalog live;

  @BeforeEach
  void start() {
    stack = new WorkflowTestStack(sink -> CatalogTestClient.liveConfig());
    live = LiveCatalog.open(stack.config);
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  CatalogState state() {
    return CatalogTestClient.state(stack);
  }

  CatalogEntry send(CatalogChange change) {
    return CatalogTestClient.send(stack, change);
  }

  CatalogChange change(String actor, CatalogAction action, String name, String def, long base) {
    return new CatalogChange(actor, action, name, def, 0, base, stack.now());
  }

  Refusal refused(Runnable call) {
    WorkflowUpdateException e = assertThrows(WorkflowUpdateException.class, call::run);
    return RefusalFailures.fromFailure(e).orElseThrow(() -> new AssertionError(e));
  }

  /** Alice's request of {@code spec} for her laptop, as the server would send it. */
  GrantWorkflow request(GrantSpec spec) {
    GrantInput base = stack.input("db-admin", ALICE, Duration.ofMinutes(30));
    return stack.start(
        new GrantInput(
            base.grantId(),
            spec,
            base.requester(),
            base.target(),
            base.duration(),
            "live",
            base.requestedAt(),
            base.limits(),
            null,
            null,
            false,
            null),
        GrantIds.grantWorkflowId(base.grantId()));
  }

  GrantSpec specNow(String name) {
    TailGrantConfig now = live.resolve(state()).config();
    return now.spec(now.grantType(name).orElseThrow());
  }

  @Test
  void theCatalogueKeepsOnlyWhatTheWorkersOwnConfigAccepts() throws IOException {
    CatalogEntry created = send(change(CAROL, CatalogAction.CREATE, "db-short", DB_SHORT, 0));
    assertEquals(1, created.version());
    assertEquals(CAROL, created.actor());

    Refusal byAlice =
        refused(() -> send(change(ALICE, CatalogAction.CHANGE, "db-short", DB_SHORT, 1)));
    assertEquals("forbidden", byAlice.code(), byAlice.getMessage());
    Refusal wider =
        refused(
            () ->
                send(
                    change(
                        CAROL,
                        CatalogAction.CHANGE,
                        "db-short",
                        DB_SHORT.replace("tailgrant_db_admin", "tailgrant_root"),
                        1)));
    assertEquals("access_not_in_file", wider.code(), wider.getMessage());
    Refusal stale = refused(() -> send(change(CAROL, CatalogAction.RETIRE, "db-short", null, 0)));
    assertEquals("catalog_changed", stale.code(), "a change against an old version");
    Refusal replayed =
        refused(
            () ->
                send(
                    new CatalogChange(
                        CAROL,
                        CatalogAction.RETIRE,
                        "db-short",
                        null,
                        0,
                        1,
                        stack.now().minus(Duration.ofMinutes(10)))));
    assertEquals("forbidden", replayed.code(), "an old change replayed");

    assertEquals(1, state().version(), "nothing refused was kept");
    String audit = Files.readString(stack.auditFile);
    assertTrue(audit.contains("\"action\":\"grant type create\""), audit);
    assertTrue(audit.contains("\"id\":\"catalog/1\""), audit);
  }

  @Test
  void aRunningGrantKeepsItsVersionWhileNewRequestsGetTheNewOne() {
    send(change(CAROL, CatalogAction.CREATE, "db-short", DB_SHORT, 0));
    GrantSpec v1 = specNow("db-short");
    assertEquals(1, v1.catalogVersion());
    GrantWorkflow first = request(v1);
    stack.awaitStatus(first, GrantStatus.PENDING_APPROVAL);

    send(
        change(
            CAROL,
            CatalogAction.CHANGE,
            "db-short",
            DB_SHORT.replace("[group:sre]", "[carol@example.com]"),
            1));
    GrantSpec v2 = specNow("db-short");
    assertEquals(2, v2.catalogVersion());
    assertEquals(Set.of(CAROL), v2.approvers());
    GrantWorkflow second = request(v2);
    GrantView secondPending = stack.awaitStatus(second, GrantStatus.PENDING_APPROVAL);
    assertEquals(List.of(CAROL), secondPending.approvers(), "a new request: version 2");

    String id = WorkflowTestStack.grantId(first);
    GrantView approved = first.approve(new Decision("bob@example.com", "v1 says bob", id, null));
    assertEquals(GrantStatus.ACTIVE, approved.status(), "the running grant keeps version 1");
  }

  @Test
  void aSnapshotIsAdmittedOnlyAsTheVersionItNamesReads() {
    send(change(CAROL, CatalogAction.CREATE, "db-short", DB_SHORT, 0));
    GrantSpec v1 = specNow("db-short");

    GrantView longer = stack.result(request(withMax(v1, Duration.ofHours(4), 1)));
    assertEquals(GrantStatus.FAILED, longer.status());
    assertTrue(longer.failure().contains("maxDuration"), longer.failure());

    GrantView unknown = stack.result(request(withMax(v1, v1.maxDuration(), 7)));
    assertEquals(GrantStatus.FAILED, unknown.status());
    assertTrue(unknown.failure().contains("not kept"), unknown.failure());

    GrantView fileVersion = stack.result(request(withMax(v1, v1.maxDuration(), 0)));
    assertEquals(GrantStatus.FAILED, fileVersion.status(), "the file has no db-short");
  }

  @Test
  void aStateCopiedFromHistoryIntoANewRunIsNotTrusted() {
    CatalogEntry old =
        new CatalogEntry(
            1, "db-short", CatalogAction.CREATE, "{}", false, false, 0, CAROL, stack.now(), "");
    CatalogState copied = CatalogState.empty(stack.now().minus(Duration.ofHours(1))).with(old, 5);
    GrantCatalogWorkflow catalog =
        stack.client.newWorkflowStub(
            GrantCatalogWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(GrantCatalogWorkflow.WORKFLOW_ID)
                .setTaskQueue(WorkflowTestStack.TASK_QUEUE)
                .build());
    WorkflowClient.start(catalog::run, copied);

    assertEquals(0, state().version(), "a stale state starts over from the config file");
  }

  @Test
  void theCatalogueContinuesAsNewWithItsState() {
    send(change(CAROL, CatalogAction.CREATE, "db-short", DB_SHORT, 0));
    for (int v = 1; v <= GrantCatalogWorkflowImpl.CONTINUE_AS_NEW_AFTER + 2; v++) {
      send(
          change(
              CAROL,
              CatalogAction.CHANGE,
              "db-short",
              DB_SHORT.replace("1h", (v % 3 + 1) + "h"),
              v));
    }
    CatalogState s = state();
    assertEquals(GrantCatalogWorkflowImpl.CONTINUE_AS_NEW_AFTER + 3, s.version());
    assertTrue(
        !stack
            .client
            .fetchHistory(GrantCatalogWorkflow.WORKFLOW_ID)
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getContinuedExecutionRunId()
            .isEmpty(),
        "a new run after continue-as-new");
    int last = GrantCatalogWorkflowImpl.CONTINUE_AS_NEW_AFTER + 2;
    assertEquals(
        Duration.ofHours(last % 3 + 1),
        live.resolve(s).config().grantType("db-short").orElseThrow().maxDuration(),
        "the last change is in force after continue-as-new");
  }

  static GrantSpec withMax(GrantSpec s, Duration max, long version) {
    return Forge.with(Forge.with(s, "maxDuration", max), "catalogVersion", version);
  }
}
