package io.tailgrant.events;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;

/** Starts a Tailscale event's workflow, once per event however often it is delivered. */
public final class TailnetEvents {
  private TailnetEvents() {}

  /**
   * Starts the workflow of {@code event} under its id ({@link TailnetEventRules#workflowId}); false
   * when that event was handled already or is being handled (Temporal refuses the id again, also
   * after the first run has finished, for as long as the namespace keeps its history).
   */
  public static boolean start(WorkflowClient client, String taskQueue, TailnetEventInput event) {
    TailnetEventWorkflow wf =
        client.newWorkflowStub(
            TailnetEventWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(TailnetEventRules.workflowId(event))
                .setTaskQueue(taskQueue)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .build());
    try {
      WorkflowClient.start(wf::run, event);
      return true;
    } catch (WorkflowExecutionAlreadyStarted e) {
      return false;
    }
  }
}
