package io.tailgrant.device;

import io.tailgrant.grant.GrantIds;
import io.tailgrant.temporal.UpdateWithStart;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Reaches a device's manager with update-with-start, so the manager exists whenever it is needed.
 * Each change has its own update id, so a retried call attaches to the same Update instead of
 * repeating it.
 */
public final class DeviceManagers {
  static final Duration WORKFLOW_TASK_TIMEOUT = Duration.ofSeconds(3);
  private final WorkflowClient client;
  private final String taskQueue;
  private final int continueAsNewAfter;

  public DeviceManagers(WorkflowClient client, String taskQueue, int continueAsNewAfter) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.continueAsNewAfter = continueAsNewAfter;
  }

  /**
   * A manager call: the stub method reference and its argument, as update-with-start takes them.
   */
  @FunctionalInterface
  public interface Call {
    WorkflowUpdateHandle<Void> send(
        DeviceTagManagerWorkflow manager,
        UpdateOptions<Void> options,
        WithStartWorkflowOperation<Void> start);
  }

  /**
   * Starts {@code call} on {@code device/<nodeId>} (or attaches to it, by its id) and returns once
   * the manager accepted it, sending it again while {@code within} lasts (see {@link
   * UpdateWithStart}); TimeoutException when the manager has not accepted it by then.
   */
  public WorkflowUpdateHandle<Void> start(
      String nodeId, String updateId, Duration within, Call call) throws TimeoutException {
    return UpdateWithStart.untilAccepted(
        within, UpdateWithStart.POLL, () -> send(nodeId, updateId, call));
  }

  private WorkflowUpdateHandle<Void> send(String nodeId, String updateId, Call call) {
    DeviceTagManagerWorkflow manager =
        client.newWorkflowStub(
            DeviceTagManagerWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(GrantIds.deviceWorkflowId(nodeId))
                .setTaskQueue(taskQueue)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                // A task handed to a worker that just died is retried after this, not after the
                // default 10 s.
                .setWorkflowTaskTimeout(WORKFLOW_TASK_TIMEOUT)
                .build());
    WithStartWorkflowOperation<Void> start =
        new WithStartWorkflowOperation<>(
            manager::run, new DeviceManagerState(nodeId, List.of(), continueAsNewAfter));
    UpdateOptions<Void> options =
        UpdateOptions.<Void>newBuilder()
            .setUpdateId(updateId)
            .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
            .build();
    return call.send(manager, options, start);
  }

  /**
   * Asks the manager to resync without waiting for it to finish; fails when the manager has not
   * accepted the ask within {@link UpdateWithStart#POLL} (the sweep's retry asks again, by the same
   * id).
   */
  public void requestResync(String nodeId, String updateId) {
    try {
      start(
          nodeId,
          updateId,
          UpdateWithStart.POLL,
          (m, o, s) -> WorkflowClient.startUpdateWithStart(m::resync, o, s));
    } catch (TimeoutException e) {
      throw new IllegalStateException("device " + nodeId + ": " + e.getMessage(), e);
    }
  }
}
