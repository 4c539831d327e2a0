package io.tailgrant.device;

import io.micrometer.core.instrument.Metrics;
import io.tailgrant.audit.LogSafe;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.Policy;
import io.tailgrant.tailnet.PostureAttributes;
import io.tailgrant.tailnet.TailscaleApi;
import io.tailgrant.tailnet.TailscaleApiException;
import io.tailgrant.tailnet.TailscaleDevice;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a device once and writes only what differs: one GET and at most one write per kind, so a
 * tag grant's whole life costs four API calls.
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
    } catch (TailscaleApiException e) {
      throw failure(request, e);
    }
  }

  private void syncTags(DeviceSyncRequest request) {
    Set<String> held = new LinkedHashSet<>();
    request.held().stream()
        .filter(a -> a.kind() == GrantKind.TAGS)
        .forEach(a -> held.addAll(a.tags()));
    TailscaleDevice device = api.getDevice(request.nodeId());
    if (!held.isEmpty()) {
      Optional<String> refused = Policy.tagsRefusedOn(device.name(), device.isTagged());
      if (refused.isPresent()) {
        throw ApplicationFailure.newNonRetryableFailure(
            refused.get() + ", so TailGrant never does", NON_RETRYABLE);
      }
    }
    Set<String> managed = new LinkedHashSet<>(managedTags);
    managed.addAll(held);
    Set<String> desired = new LinkedHashSet<>(device.tags());
    desired.removeAll(managed);
    desired.addAll(held);
    if (desired.equals(new LinkedHashSet<>(device.tags()))) {
      return;
    }
    if (desired.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          device.name()
              + " would be left with no tags; a tagged device"
              + " must keep at least one, so its TailGrant tags stay until an admin re-tags it",
          NON_RETRYABLE);
    }
    api.setTags(request.nodeId(), List.copyOf(desired));
  }

  private void syncPosture(DeviceSyncRequest request) {
    Map<String, DeviceAsset> wanted = new java.util.HashMap<>();
    for (DeviceAsset a : request.held()) {
      if (a.kind() == GrantKind.POSTURE && a.posture() != null) {
        // Several grants may hold one key: it stays until the last of them ends.
        wanted.merge(a.posture().key(), a, (x, y) -> x.expiresAt().isAfter(y.expiresAt()) ? x : y);
      }
    }
    Set<String> keys = new LinkedHashSet<>(managedKeys);
    keys.addAll(wanted.keySet());
    PostureAttributes current = api.getAttributes(request.nodeId());
    for (String key : keys) {
      DeviceAsset want = wanted.get(key);
      Object have = current.attributes().get(key);
      if (want == null) {
        if (have != null) {
          api.deleteAttribute(request.nodeId(), key);
        }
      } else if (have == null
          || !sameValue(have, want.posture().value())
          || !sameSecond(current.expiries().get(key), want.expiresAt())) {
        api.setAttribute(
            request.nodeId(),
            key,
            want.posture().value(),
            want.expiresAt(),
            "TailGrant grant " + want.grantId());
      }
    }
  }

  private static boolean sameValue(Object a, Object b) {
    return String.valueOf(a).equals(String.valueOf(b));
  }

  private static boolean sameSecond(String expiry, Instant wanted) {
    if (expiry == null) {
      return false;
    }
    try {
      Instant have = OffsetDateTime.parse(expiry).toInstant();
      return have.truncatedTo(ChronoUnit.SECONDS).equals(wanted.truncatedTo(ChronoUnit.SECONDS));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Adding: the API's refusals (400/403/404) end the attempts at once with its message. Removing:
   * nothing ends them, and after a few attempts each failure is an alert.
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
        // Alert on this counter (and the log line): access that should be gone is still there.
        Metrics.counter("tailgrant.removal.stuck").increment();
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
