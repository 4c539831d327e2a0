package io.tailgrant.device;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;

/** A grant's changes to its device, through the device's manager; each returns once the device shows it. */
public final class DeviceChangeActivitiesImpl implements DeviceChangeActivities {
  private final DeviceManagers managers;

  public DeviceChangeActivitiesImpl(DeviceManagers managers) {
    this.managers = managers;
  }

  @Override
  public void applyAsset(String nodeId, DeviceAsset asset) {
    run(nodeId, "apply/" + asset.grantId(), (m, o, s) -> WorkflowClient.executeUpdateWithStart(m::apply, asset, o, s));
  }

  @Override
  public void releaseAsset(String nodeId, String grantId) {
    run(nodeId, "release/" + grantId, (m, o, s) -> WorkflowClient.executeUpdateWithStart(m::release, grantId, o, s));
  }

  @Override
  public void extendAsset(String nodeId, AssetExtension extension) {
    run(nodeId, "extend/" + extension.grantId() + "/" + extension.expiresAt().toEpochMilli(),
        (m, o, s) -> WorkflowClient.executeUpdateWithStart(m::extend, extension, o, s));
  }

  /** The manager's refusal (the API said no) is final; anything else is retried by Temporal. */
  private void run(String nodeId, String updateId, DeviceManagers.Call call) {
    try {
      managers.update(nodeId, updateId, WorkflowUpdateStage.COMPLETED, call);
    } catch (WorkflowUpdateException e) {
      if (e.getCause() instanceof ApplicationFailure af) {
        throw ApplicationFailure.newNonRetryableFailure(af.getOriginalMessage(), af.getType());
      }
      throw e;
    }
  }
}
