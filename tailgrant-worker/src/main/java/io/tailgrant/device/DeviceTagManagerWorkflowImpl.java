package io.tailgrant.device;

import static io.tailgrant.temporal.FailureMessages.rootMessage;

import io.tailgrant.audit.LogSafe;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.temporal.Retries;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Serializes all changes to one device. Handlers only change the wanted state and wait; the main
 * loop writes the device, folding every change that arrived meanwhile into one sync, and removes
 * each grant's asset at its end time even if that grant's own workflow is gone.
 */
public class DeviceTagManagerWorkflowImpl implements DeviceTagManagerWorkflow {
  private static final Logger log = Workflow.getLogger(DeviceTagManagerWorkflowImpl.class);
  static final String LOCAL_ADD = "local-add-sync";
  static final String LOCAL_REMOVE = "local-remove-sync";

  private final DeviceSyncActivities syncAdding =
      Workflow.newActivityStub(
          DeviceSyncActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(15))
              .setScheduleToCloseTimeout(Retries.LOCAL_BOUNDED)
              .setRetryOptions(Retries.adding(10))
              .build());

  /**
   * Adding access is on the activation path: as a local activity it runs inside the workflow task
   * that accepted the Update, saving an activity task and a workflow task round trip each.
   */
  private final DeviceSyncActivities syncAddingLocally =
      Workflow.newLocalActivityStub(
          DeviceSyncActivities.class,
          LocalActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(15))
              .setScheduleToCloseTimeout(Retries.LOCAL_BOUNDED)
              .setRetryOptions(Retries.adding(10))
              .build());

  private final DeviceSyncActivities syncRemoving =
      Workflow.newActivityStub(
          DeviceSyncActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(15))
              .setRetryOptions(Retries.UNTIL_DONE)
              .build());

  /**
   * Removing is on the revocation path: first one local attempt inside the workflow task; when it
   * fails, {@link #syncRemoving} retries until done (server-side retries cost no history).
   */
  private final DeviceSyncActivities syncRemovingLocally =
      Workflow.newLocalActivityStub(
          DeviceSyncActivities.class,
          LocalActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(15))
              .setScheduleToCloseTimeout(Duration.ofSeconds(15))
              .setRetryOptions(Retries.ONCE)
              .build());

  private final String nodeId;
  private final int continueAsNewAfter;
  private final Map<String, DeviceAsset> assets = new LinkedHashMap<>();
  private final Set<GrantKind> dirtyKinds = EnumSet.noneOf(GrantKind.class);
  private final Set<String> pendingAdds = new HashSet<>();
  private final Map<String, String> refusals = new HashMap<>();
  private long requested;
  private long synced;
  private int changes;

  @WorkflowInit
  public DeviceTagManagerWorkflowImpl(DeviceManagerState state) {
    this.nodeId = state.nodeId();
    this.continueAsNewAfter = state.continueAsNewAfter();
    state.assets().forEach(a -> assets.put(a.grantId(), a));
  }

  @Override
  public void run(DeviceManagerState ignored) {
    while (true) {
      Instant nextEnd =
          assets.values().stream().map(DeviceAsset::expiresAt).min(Instant::compareTo).orElse(null);
      if (nextEnd == null) {
        Workflow.await(() -> requested > synced || timeToContinue());
      } else {
        Duration wait = Duration.between(now(), nextEnd);
        if (!wait.isNegative() && !wait.isZero()) {
          Workflow.await(wait, () -> requested > synced || timeToContinue());
        }
      }
      removeEnded();
      if (requested > synced) {
        syncOnce();
        continue;
      }
      if (timeToContinue()) {
        // Only hand over when no Update is mid-flight, so none is lost across runs.
        Workflow.await(() -> Workflow.isEveryHandlerFinished());
        if (requested == synced) {
          Workflow.continueAsNew(
              new DeviceManagerState(nodeId, List.copyOf(assets.values()), continueAsNewAfter));
        }
      }
    }
  }

  private boolean timeToContinue() {
    return changes >= continueAsNewAfter || Workflow.getInfo().isContinueAsNewSuggested();
  }

  /** Belt and braces: a grant's access ends at its end time even if nobody releases it. */
  private void removeEnded() {
    Instant now = now();
    List<DeviceAsset> ended =
        assets.values().stream().filter(a -> !a.expiresAt().isAfter(now)).toList();
    for (DeviceAsset a : ended) {
      assets.remove(a.grantId());
      pendingAdds.remove(a.grantId());
      dirtyKinds.add(a.kind());
      requested++;
      log.info(
          "device {}: grant {} reached its end time, removing its access", nodeId, a.grantId());
    }
  }

  private void syncOnce() {
    long target = requested;
    Set<GrantKind> kinds =
        EnumSet.copyOf(dirtyKinds.isEmpty() ? EnumSet.allOf(GrantKind.class) : dirtyKinds);
    dirtyKinds.clear();
    Set<String> adds = new HashSet<>(pendingAdds);
    pendingAdds.clear();
    changes++;
    if (adds.isEmpty()) {
      removing(kinds);
      synced = target;
      return;
    }
    try {
      DeviceSyncRequest request =
          new DeviceSyncRequest(nodeId, List.copyOf(assets.values()), kinds, false);
      // Histories recorded before version 1 scheduled a (remote) activity here.
      if (Workflow.getVersion(LOCAL_ADD, Workflow.DEFAULT_VERSION, 1) == 1) {
        syncAddingLocally.syncDevice(request);
      } else {
        syncAdding.syncDevice(request);
      }
    } catch (ActivityFailure e) {
      String reason = rootMessage(e);
      log.warn("device {}: adding access for {} failed: {}", nodeId, adds, LogSafe.quote(reason));
      for (String grantId : adds) {
        assets.remove(grantId);
        refusals.put(grantId, reason);
      }
      // Whatever part of the failed write did land must go again.
      removing(kinds);
    }
    synced = target;
  }

  private void removing(Set<GrantKind> kinds) {
    DeviceSyncRequest request =
        new DeviceSyncRequest(nodeId, List.copyOf(assets.values()), kinds, true);
    try {
      // Histories recorded before version 1 scheduled a (remote) activity here.
      if (Workflow.getVersion(LOCAL_REMOVE, Workflow.DEFAULT_VERSION, 1) != 1
          || !removedLocally(request)) {
        syncRemoving.syncDevice(request);
      }
    } catch (ActivityFailure e) {
      // Only a refusal no retry can fix lands here (e.g. it would strip a tagged device's last
      // tag).
      // The manager must live on: the next change or end time tries again.
      log.error(
          "ALERT tailgrant.removal.refused device {}: {}", nodeId, LogSafe.quote(rootMessage(e)));
    }
  }

  /**
   * The fast path: true when one local attempt removed it. A refusal no retry can fix is thrown as
   * it is; any other failure leaves the work to the durable path.
   */
  private boolean removedLocally(DeviceSyncRequest request) {
    try {
      syncRemovingLocally.syncDevice(request);
      return true;
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof ApplicationFailure af && af.isNonRetryable()) {
        throw e;
      }
      return false;
    }
  }

  @Override
  public void apply(DeviceAsset asset) {
    changes++;
    if (asset.equals(assets.get(asset.grantId())) && !pendingAdds.contains(asset.grantId())) {
      return; // a retried call for a change that already landed
    }
    assets.put(asset.grantId(), asset);
    pendingAdds.add(asset.grantId());
    dirtyKinds.add(asset.kind());
    long mine = ++requested;
    Workflow.await(() -> synced >= mine);
    String refusal = refusals.remove(asset.grantId());
    if (refusal != null) {
      throw ApplicationFailure.newNonRetryableFailure(refusal, DeviceSyncActivities.NON_RETRYABLE);
    }
  }

  @Override
  public void release(String grantId) {
    changes++;
    DeviceAsset removed = assets.remove(grantId);
    refusals.remove(grantId);
    if (removed == null) {
      // Already gone from the wanted state (e.g. removed at its end time): return only once that
      // removal has reached the device, so "expired" never outruns the API.
      long pending = requested;
      Workflow.await(() -> synced >= pending);
      return;
    }
    pendingAdds.remove(grantId);
    dirtyKinds.add(removed.kind());
    long mine = ++requested;
    Workflow.await(() -> synced >= mine);
  }

  @Override
  public void ending(String grantId) {
    changes++;
    DeviceAsset removed = assets.remove(grantId);
    refusals.remove(grantId);
    if (removed != null) {
      pendingAdds.remove(grantId);
      dirtyKinds.add(removed.kind());
      requested++;
    }
  }

  @Override
  public void extend(AssetExtension extension) {
    changes++;
    DeviceAsset current = assets.get(extension.grantId());
    if (current == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "grant " + extension.grantId() + " holds nothing on device " + nodeId, "NoSuchAsset");
    }
    assets.put(extension.grantId(), current.withExpiry(extension.expiresAt()));
    if (current.kind() == GrantKind.POSTURE) {
      // The attribute's own expiry must move with the grant, or Tailscale would remove it early.
      dirtyKinds.add(GrantKind.POSTURE);
      long mine = ++requested;
      Workflow.await(() -> synced >= mine);
    }
  }

  @Override
  public void resync() {
    changes++;
    dirtyKinds.addAll(EnumSet.allOf(GrantKind.class));
    long mine = ++requested;
    Workflow.await(() -> synced >= mine);
  }

  @Override
  public List<DeviceAsset> held() {
    return new ArrayList<>(assets.values());
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
