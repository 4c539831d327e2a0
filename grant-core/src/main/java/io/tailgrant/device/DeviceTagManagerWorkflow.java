package io.tailgrant.device;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * One per device, id {@code device/<nodeId>}: serializes every change to that device's tags and
 * posture attributes, so concurrent grants never overwrite each other. Each change is written as
 * {@code (current - managed) + held by active grants}. It also removes a grant's access at its end
 * time on its own, so access ends even if the grant's workflow was terminated.
 */
@WorkflowInterface
public interface DeviceTagManagerWorkflow {

  @WorkflowMethod
  void run(DeviceManagerState state);

  /** Adds a grant's asset and returns once the device shows it; fails if the API refuses. */
  @UpdateMethod
  void apply(DeviceAsset asset);

  /** Removes a grant's asset; returns once the device no longer shows it. */
  @UpdateMethod
  void release(String grantId);

  /**
   * A grant's end, told without waiting: the manager starts removing its asset at once, and the
   * {@link #release} Update that follows waits for that removal. A signal is the one message a
   * workflow sends with no activity task in between: the revocation path is a hop shorter.
   */
  @SignalMethod
  void ending(String grantId);

  @UpdateMethod
  void extend(AssetExtension extension);

  /**
   * Reads the device and writes it back to what active grants hold: drift found by reconciliation.
   */
  @UpdateMethod
  void resync();

  @QueryMethod
  List<DeviceAsset> held();
}
