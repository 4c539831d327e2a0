package io.tailgrant.kubernetes;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tailgrant.grant.GrantIds;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
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
    } catch (WorkflowNotFoundException e) {
      return false;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    } catch (RuntimeException e) {
      if (e.getCause() instanceof StatusRuntimeException s
          && s.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }
}
