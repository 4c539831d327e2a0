package io.tailgrant.grant;

import io.tailgrant.device.AssetExtension;
import io.tailgrant.device.DeviceAsset;
import io.tailgrant.device.DeviceTagManagerWorkflow;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Instant;

/** Tags and posture attributes, through the target device's manager workflow. */
final class DeviceAccessEnforcer implements AccessEnforcer {
  private final GrantInput input;
  private final GrantActivityStubs stubs;

  DeviceAccessEnforcer(GrantInput input, GrantActivityStubs stubs) {
    this.input = input;
    this.stubs = stubs;
  }

  @Override
  public void apply(Instant endsAt) {
    DeviceAsset asset =
        new DeviceAsset(
            input.grantId(),
            input.spec().kind(),
            input.spec().tags(),
            input.spec().posture(),
            endsAt);
    // Histories recorded before version 1 scheduled a (remote) activity here.
    if (Workflow.getVersion("local-apply", Workflow.DEFAULT_VERSION, 1) == 1) {
      stubs.addAccessLocally.applyAsset(input.target().nodeId(), asset);
    } else {
      stubs.addAccess.applyAsset(input.target().nodeId(), asset);
    }
  }

  @Override
  public void extend(Instant endsAt) {
    stubs.addAccess.extendAsset(
        input.target().nodeId(), new AssetExtension(input.grantId(), endsAt));
  }

  @Override
  public void release(boolean headStart) {
    String nodeId = input.target().nodeId();
    if (headStart) {
      // Sent with the activity below in one workflow task, and not waited for: if the manager
      // missed it, the activity's Update does the same.
      DeviceTagManagerWorkflow manager =
          Workflow.newExternalWorkflowStub(
              DeviceTagManagerWorkflow.class, GrantIds.deviceWorkflowId(nodeId));
      Async.procedure(manager::ending, input.grantId());
    }
    stubs.removeAccess.releaseAsset(nodeId, input.grantId());
  }
}
