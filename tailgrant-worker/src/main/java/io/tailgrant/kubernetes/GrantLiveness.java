package io.tailgrant.kubernetes;

import io.tailgrant.grant.GrantIds;
import io.tailgrant.temporal.TemporalFailures;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.util.function.Predicate;

/**
 * Whether a grant's workflow still runs, asked of Temporal itself (not the directory, which may
 * lag): the reconciler removes Kubernetes objects only for grants that are certainly over.
 */
public final class GrantLiveness implements Predicate<String> {
  private final WorkflowClient client;

  public GrantLiveness(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public boolean test(String grantId) {
    try {
      return client
              .newUntypedWorkflowStub(GrantIds.grantWorkflowId(grantId))
              .describe()
              .getWorkflowExecutionInfo()
              .getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (RuntimeException e) {
      if (TemporalFailures.workflowGone(e)) {
        return false;
      }
      throw e;
    }
  }
}
