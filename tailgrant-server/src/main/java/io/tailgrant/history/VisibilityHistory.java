package io.tailgrant.history;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.Refusal;
import io.tailgrant.temporal.TemporalNames;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Ended grants from Temporal visibility: {@code ListWorkflowExecutions} with a {@link
 * VisibilityQuery}, in visibility's order (most recently closed first) and with its page token. A
 * grant's summary is what visibility knows: id, type, requester, target, status and ticket (if any)
 * from the search attributes, request and end times from the workflow's start and close.
 */
public final class VisibilityHistory implements GrantHistory {
  /** What Temporal answers when it cannot run such a query here. */
  private static final Set<Status.Code> REFUSED =
      Set.of(
          Status.Code.UNIMPLEMENTED,
          Status.Code.INVALID_ARGUMENT,
          Status.Code.PERMISSION_DENIED,
          Status.Code.FAILED_PRECONDITION);

  private final WorkflowServiceStubs stubs;
  private final String namespace;
  private final DataConverter converter;

  public VisibilityHistory(WorkflowServiceStubs stubs, String namespace, DataConverter converter) {
    this.stubs = stubs;
    this.namespace = namespace;
    this.converter = converter;
  }

  @Override
  public String name() {
    return "visibility";
  }

  @Override
  public HistoryPage page(HistoryQuery query, String cursor, int limit) {
    ListWorkflowExecutionsRequest.Builder request =
        ListWorkflowExecutionsRequest.newBuilder()
            .setNamespace(namespace)
            .setPageSize(limit)
            .setQuery(VisibilityQuery.of(query));
    if (cursor != null) {
      try {
        request.setNextPageToken(ByteString.copyFrom(Base64.getUrlDecoder().decode(cursor)));
      } catch (IllegalArgumentException e) {
        throw badCursor();
      }
    }
    ListWorkflowExecutionsResponse response;
    try {
      response =
          stubs
              .blockingStub()
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .listWorkflowExecutions(request.build());
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (cursor != null && code == Status.Code.INVALID_ARGUMENT) {
        throw badCursor();
      }
      if (REFUSED.contains(code)) {
        throw new HistoryUnavailable("Temporal visibility refused the query: " + code);
      }
      throw e;
    }
    List<GrantSummary> grants = new ArrayList<>();
    for (WorkflowExecutionInfo info : response.getExecutionsList()) {
      summary(new WorkflowExecutionMetadata(info, converter)).ifPresent(grants::add);
    }
    ByteString next = response.getNextPageToken();
    return new HistoryPage(
        grants,
        next.isEmpty()
            ? null
            : Base64.getUrlEncoder().withoutPadding().encodeToString(next.toByteArray()));
  }

  /** A grant as visibility knows it; empty for an execution that is no grant of ours. */
  static Optional<GrantSummary> summary(WorkflowExecutionMetadata m) {
    String workflowId = m.getExecution().getWorkflowId();
    String id = workflowId.startsWith("grant/") ? workflowId.substring("grant/".length()) : "";
    SearchAttributes sa = m.getTypedSearchAttributes();
    String status = sa.get(TemporalNames.STATUS);
    if (!GrantIds.isWellFormed(id) || status == null) {
      return Optional.empty();
    }
    GrantStatus s;
    try {
      s = GrantStatus.fromWire(status);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.of(
        new GrantSummary(
            id,
            sa.get(TemporalNames.GRANT_TYPE),
            null,
            null,
            sa.get(TemporalNames.REQUESTER),
            null,
            sa.get(TemporalNames.TARGET),
            List.of(),
            null,
            s,
            List.of(),
            List.of(),
            null,
            m.getStartTime(),
            null,
            null,
            m.getCloseTime(),
            0,
            null,
            null,
            sa.get(TemporalNames.TICKET),
            null,
            false,
            null,
            false,
            "true".equals(sa.get(TemporalNames.BREAK_GLASS)),
            null,
            null,
            List.of(),
            null));
  }

  private static Refusal badCursor() {
    return Refusal.badRequest("bad_page_token", "pageToken is not one this server handed out");
  }
}
