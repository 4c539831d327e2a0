package io.tailgrant.device;

import io.micrometer.core.instrument.Metrics;
import io.tailgrant.audit.LogSafe;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.tailnet.PostureAttributes;
import io.tailgrant.tailnet.TailscaleApi;
import io.tailgrant.tailnet.TailscaleApiException;
import io.tailgrant.tailnet.TailscaleDevice;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a device once and writes only what {@link TagChange} and {@link PostureChange} say differs:
 * one GET and at most one tag write per kind, so a tag grant's whole life costs four API calls.
 */
public final class DeviceSyncActivitiesImpl implements DeviceSyncActivities {
  private static final Logger log = LoggerFactory.getLogger(DeviceSyncActivitiesImpl.class);

  /**
   * After this many failed attempts at removing access, every further failure is logged as an
   * alert.
   */
  static final int ALERT_AFTER_ATTEMPTS = 5;

  private final TailscaleApi api;
  private final Set<String> managedTags;
  private final Set<String> managedKeys;

  public DeviceSyncActivitiesImpl(
      TailscaleApi api, Set<String> managedTags, Set<String> managedKeys) {
    this.api = api;
    this.managedTags = Set.copyOf(managedTags);
    this.managedKeys = Set.copyOf(managedKeys);
  }

  @Override
  public void syncDevice(DeviceSyncRequest request) {
    try {
      if (request.kinds().contains(GrantKind.TAGS)) {
        syncTags(request);
      }
      if (request.kinds().contains(GrantKind.POSTURE)) {
        syncPosture(request);
      }
    } catch (DeviceGone gone) {
      // The device itself is gone (deleted, or its user was): what it held went with it.
      log.info(
          "device {} is gone from the tailnet: nothing left to remove ({})",
          request.nodeId(),
          LogSafe.quote(gone.getMessage()));
    } catch (TailscaleApiException e) {
      throw failure(request, e);
    }
  }

  /** A removal read the device and the API said it does not exist (404). */
  private static final class DeviceGone extends RuntimeException {
    DeviceGone(TailscaleApiException e) {
      super(e.getMessage(), null, false, false);
    }
  }

  /**
   * Runs a read of the device; when removing, a 404 means the device is gone. Only reads count: a
   * write refused after a successful read is retried, and the retry's read tells.
   */
  private static <T> T read(DeviceSyncRequest request, Supplier<T> call) {
    try {
      return call.get();
    } catch (TailscaleApiException e) {
      if (request.removing() && e.isNotFound()) {
        throw new DeviceGone(e);
      }
      throw e;
    }
  }

  private void syncTags(DeviceSyncRequest request) {
    TailscaleDevice device = read(request, () -> api.getDevice(request.nodeId()));
    TagChange change =
        TagChange.of(device.tags(), device.isTagged(), device.name(), request.held(), managedTags);
    if (change instanceof TagChange.Refused refused) {
      throw ApplicationFailure.newNonRetryableFailure(refused.reason(), NON_RETRYABLE);
    }
    if (change instanceof TagChange.Write write) {
      api.setTags(request.nodeId(), write.tags());
    }
  }

  private void syncPosture(DeviceSyncRequest request) {
    PostureAttributes current = read(request, () -> api.getAttributes(request.nodeId()));
    PostureChange change =
        PostureChange.of(current.attributes(), current.expiries(), request.held(), managedKeys);
    for (String key : change.deletes()) {
      api.deleteAttribute(request.nodeId(), key);
    }
    for (PostureChange.Upsert u : change.upserts()) {
      api.setAttribute(request.nodeId(), u.key(), u.value(), u.expiresAt(), u.comment());
    }
  }

  /**
   * Adding: the API's refusals (400/403/404) end the attempts at once with its message. Removing:
   * nothing ends them (but a device that is gone, see {@link #read}), and after a few attempts each
   * failure is an alert.
   */
  private ApplicationFailure failure(DeviceSyncRequest request, TailscaleApiException e) {
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    if (request.removing()) {
      String line =
          "removing access from device "
              + request.nodeId()
              + " failed (attempt "
              + attempt
              + "): "
              + LogSafe.quote(e.getMessage());
      Metrics.counter("tailgrant.removal.failures").increment();
      if (attempt >= ALERT_AFTER_ATTEMPTS) {
        // An alert: access that should be gone is still there (tailgrant_removal_stuck counts the
        // grants, from the directory).
        log.error("ALERT tailgrant.removal.stuck {}", line);
      } else {
        log.warn(line);
      }
      return ApplicationFailure.newFailureWithCauseAndDelay(
          e.getMessage(), "TailscaleApiError", null, e.retryAfter());
    }
    if (!e.isRetryable()) {
      return ApplicationFailure.newNonRetryableFailure(e.getMessage(), NON_RETRYABLE);
    }
    return ApplicationFailure.newFailureWithCauseAndDelay(
        e.getMessage(), "TailscaleApiError", null, e.retryAfter());
  }
}
