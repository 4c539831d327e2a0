package io.tailgrant.temporal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

/** A workflow that is not there is told apart from every other failure by type, not by words. */
class TemporalFailuresTest {
  static final WorkflowExecution GRANT =
      WorkflowExecution.newBuilder().setWorkflowId("grant/g-abcdefgh").build();

  @Test
  void aMissingOrCompletedWorkflowIsGone() {
    assertTrue(TemporalFailures.workflowGone(new WorkflowNotFoundException(GRANT, "Grant", null)));
    assertTrue(
        TemporalFailures.workflowGone(
            new WorkflowServiceException(
                GRANT,
                "Grant",
                Status.NOT_FOUND.withDescription("anything").asRuntimeException())));
    assertTrue(
        TemporalFailures.workflowGone(
            new RuntimeException(
                ApplicationFailure.newNonRetryableFailure(
                    "whatever the server says", TemporalFailures.UPDATE_OUTLIVED_WORKFLOW))));
  }

  @Test
  void anyOtherFailureIsNot() {
    assertFalse(
        TemporalFailures.workflowGone(
            new WorkflowServiceException(
                GRANT,
                "Grant",
                Status.UNAVAILABLE.withDescription("workflow not found").asRuntimeException())));
    assertFalse(
        TemporalFailures.workflowGone(
            ApplicationFailure.newNonRetryableFailure(
                "Workflow Update failed because the Workflow completed", "ExtendFailed")));
    assertFalse(TemporalFailures.workflowGone(new IllegalStateException("NOT_FOUND completed")));
  }
}
