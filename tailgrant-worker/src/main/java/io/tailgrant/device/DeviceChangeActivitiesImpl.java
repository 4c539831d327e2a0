package io.tailgrant.device;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A grant's changes to its device, through the device's manager; each returns once the device shows
 * it. An attempt waits a bounded time for the manager to accept the change and again for it to
 * finish, and then lets Temporal retry, attaching to the same Update by its id: no activity sits
 * for long on a worker slot, and a long outage is waited out durably (and in skipped time in
 * tests).
 */
public final class DeviceChangeActivitiesImpl implements DeviceChangeActivities {
  /** How long one attempt waits for the manager in production. */
  public static final Duration ATTEMPT_WAIT = Duration.ofSeconds(20);

  private final DeviceManagers managers;
  private final Duration attemptWait;

  public DeviceChangeActivitiesImpl(DeviceManagers managers, Duration attemptWait) {
    this.managers = managers;
    this.attemptWait = attemptWait;
  }

  @Override
  public void applyAsset(String nodeId, DeviceAsset asset) {
    run(
        nodeId,
        "apply/" + asset.grantId(),
        (m, o, s) -> WorkflowClient.startUpdateWithStart(m::apply, asset, o, s));
  }

  @Override
  public void releaseAsset(String nodeId, String grantId) {
    run(
        nodeId,
        "release/" + grantId,
        (m, o, s) -> WorkflowClient.startUpdateWithStart(m::release, grantId, o, s));
  }

  @Override
  public void extendAsset(String nodeId, AssetExtension extension) {
    run(
        nodeId,
        "extend/" + extension.grantId() + "/" + extension.expiresAt().toEpochMilli(),
        (m, o, s) -> WorkflowClient.startUpdateWithStart(m::extend, extension, o, s));
  }

  /**
   * The manager's refusal (the API said no) is final; "not done yet" and anything else are retried.
   */
  private void run(String nodeId, String updateId, DeviceManagers.Call call) {
    try {
      long end = System.nanoTime() + attemptWait.toNanos();
      WorkflowUpdateHandle<Void> handle = managers.start(nodeId, updateId, attemptWait, call);
      // Accepting and finishing share the attempt's wait, so an attempt stays within the
      // activity's 30 s start-to-close.
      handle.getResultAsync().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw ApplicationFailure.newFailure(
          "the device change is still in progress", "DeviceChangePending");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", "Interrupted");
    } catch (ExecutionException | WorkflowUpdateException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      if (cause instanceof WorkflowUpdateException wue
          && wue.getCause() instanceof ApplicationFailure af) {
        throw ApplicationFailure.newNonRetryableFailure(af.getOriginalMessage(), af.getType());
      }
      throw ApplicationFailure.newFailure(String.valueOf(cause.getMessage()), "DeviceChangeFailed");
    }
  }
}
