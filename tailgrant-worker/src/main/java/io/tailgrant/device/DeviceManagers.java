package io.tailgrant.device;

import io.tailgrant.grant.GrantIds;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateStage;
import java.util.List;

/**
 * Reaches a device's manager with update-with-start, so the manager exists whenever it is needed.
 * Each change has its own update id, so a retried call attaches to the same Update instead of
 * repeating it.
 */
public final class DeviceManagers {
  private final WorkflowClient client;
  private final String taskQueue;
  private final int continueAsNewAfter;

  public DeviceManagers(WorkflowClient client, String taskQueue, int continueAsNewAfter) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.continueAsNewAfter = continueAsNewAfter;
  }

  /** A manager call: the stub method reference and its argument, as update-with-start takes them. */
  @FunctionalInterface
  public interface Call {
    void send(DeviceTagManagerWorkflow manager, UpdateOptions<Void> options, WithStartWorkflowOperation<Void> start);
  }

  /** Runs {@code call} on {@code device/<nodeId>} and waits until the Update reaches {@code stage}. */
  public void update(String nodeId, String updateId, WorkflowUpdateStage stage, Call call) {
    DeviceTagManagerWorkflow manager = client.newWorkflowStub(DeviceTagManagerWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(GrantIds.deviceWorkflowId(nodeId))
        .setTaskQueue(taskQueue)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .build());
    WithStartWorkflowOperation<Void> start =
        new WithStartWorkflowOperation<>(manager::run, new DeviceManagerState(nodeId, List.of(), continueAsNewAfter));
    UpdateOptions<Void> options = UpdateOptions.<Void>newBuilder().setUpdateId(updateId).setWaitForStage(stage).build();
    call.send(manager, options, start);
  }

  /** Asks the manager to resync without waiting for it to finish. */
  public void requestResync(String nodeId, String updateId) {
    update(nodeId, updateId, WorkflowUpdateStage.ACCEPTED,
        (m, o, s) -> WorkflowClient.startUpdateWithStart(m::resync, o, s));
  }
}
