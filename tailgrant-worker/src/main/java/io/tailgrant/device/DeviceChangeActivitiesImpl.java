package io.tailgrant.device;

import io.tailgrant.grant.GrantIds;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/**
 * Reaches a device's manager with update-with-start, so the manager exists whenever a grant needs
 * it, and returns only once the device shows the change.
 */
public final class DeviceChangeActivitiesImpl implements DeviceChangeActivities {
  private final WorkflowClient client;
  private final String taskQueue;
  private final int continueAsNewAfter;

  public DeviceChangeActivitiesImpl(WorkflowClient client, String taskQueue, int continueAsNewAfter) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.continueAsNewAfter = continueAsNewAfter;
  }

  @Override
  public void applyAsset(String nodeId, DeviceAsset asset) {
    DeviceTagManagerWorkflow manager = manager(nodeId);
    run(() -> WorkflowClient.executeUpdateWithStart(manager::apply, asset, options("apply", asset.grantId()), start(manager, nodeId)));
  }

  @Override
  public void releaseAsset(String nodeId, String grantId) {
    DeviceTagManagerWorkflow manager = manager(nodeId);
    run(() -> WorkflowClient.executeUpdateWithStart(manager::release, grantId, options("release", grantId), start(manager, nodeId)));
  }

  @Override
  public void extendAsset(String nodeId, AssetExtension extension) {
    DeviceTagManagerWorkflow manager = manager(nodeId);
    run(() -> WorkflowClient.executeUpdateWithStart(manager::extend, extension,
        options("extend", extension.grantId() + "/" + extension.expiresAt().toEpochMilli()), start(manager, nodeId)));
  }

  private DeviceTagManagerWorkflow manager(String nodeId) {
    return client.newWorkflowStub(DeviceTagManagerWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(GrantIds.deviceWorkflowId(nodeId))
        .setTaskQueue(taskQueue)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .build());
  }

  private WithStartWorkflowOperation<Void> start(DeviceTagManagerWorkflow manager, String nodeId) {
    return new WithStartWorkflowOperation<>(manager::run, new DeviceManagerState(nodeId, List.of(), continueAsNewAfter));
  }

  /** One id per change, so a retried activity attaches to the same Update instead of repeating it. */
  private static UpdateOptions<Void> options(String what, String key) {
    return UpdateOptions.<Void>newBuilder()
        .setUpdateId(what + "/" + key)
        .setWaitForStage(WorkflowUpdateStage.COMPLETED)
        .build();
  }

  /** The manager's refusal (the API said no) is final; anything else is retried by Temporal. */
  private static void run(Runnable call) {
    try {
      call.run();
    } catch (WorkflowUpdateException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ApplicationFailure af) {
        throw ApplicationFailure.newNonRetryableFailure(af.getOriginalMessage(), af.getType());
      }
      throw e;
    }
  }
}
