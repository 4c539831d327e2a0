package io.tailgrant.temporal;

import io.grpc.Status;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.failure.ApplicationFailure;

/** Reads Temporal's failures by their type, never by their words. */
public final class TemporalFailures {
  /**
   * The type of the failure the Temporal server gives an accepted Update whose workflow completed
   * before the Update did.
   */
  static final String UPDATE_OUTLIVED_WORKFLOW = "AcceptedUpdateCompletedWorkflow";

  private TemporalFailures() {}

  /**
   * Whether {@code failure} says the workflow is not there (any more): no such workflow, gRPC's
   * NOT_FOUND (an Update or query to one that has completed), or an accepted Update whose workflow
   * completed first.
   */
  public static boolean workflowGone(Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause()) {
      if (c instanceof WorkflowNotFoundException
          || Status.fromThrowable(c).getCode() == Status.Code.NOT_FOUND
          || (c instanceof ApplicationFailure af
              && UPDATE_OUTLIVED_WORKFLOW.equals(af.getType()))) {
        return true;
      }
    }
    return false;
  }
}
