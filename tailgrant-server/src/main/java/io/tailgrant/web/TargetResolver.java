package io.tailgrant.web;

import io.tailgrant.config.GrantTypeConfig;
import io.tailgrant.directory.DeviceInfo;
import io.tailgrant.directory.DeviceInventory;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.GrantSpec;
import io.tailgrant.grant.Policy;
import io.tailgrant.grant.Refusal;
import io.tailgrant.grant.TargetDevice;
import io.tailgrant.grant.TargetRule;
import io.tailgrant.identity.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns what a requester named as the target into a device or cluster, from the directory's
 * inventory of the tailnet. An unknown name asks for a fresh listing, but the directory lists at
 * most once per interval, so no requester can spend the OAuth client's rate limit.
 */
final class TargetResolver {
  private final GrantBoard board;
  private final Duration refreshInterval;
  private final Clock clock;

  /** Requests that find the inventory stale at once share one ask of the directory. */
  private final SingleFlight<Instant> refresh;

  private final AtomicBoolean listing = new AtomicBoolean();

  TargetResolver(GrantClient client, GrantBoard board, Duration refreshInterval, Clock clock) {
    this.board = board;
    this.refreshInterval = refreshInterval;
    this.clock = clock;
    this.refresh = new SingleFlight<>(() -> client.listDevices(refreshInterval));
  }

  /** The tailnet's devices as last listed (listed again when stale). */
  List<DeviceInfo> devices() {
    return inventory(false).devices();
  }

  /** The targets {@code caller} may pick for a grant of {@code type} with {@code spec}. */
  List<TargetDevice> choices(Caller caller, GrantTypeConfig type, GrantSpec spec) {
    if (type.target().rule() == TargetRule.Kind.OWN_DEVICE) {
      return List.of(ownDevice(caller));
    }
    if (type.target().rule() == TargetRule.Kind.CLUSTER) {
      return type.target().clusters().stream().map(TargetDevice::cluster).toList();
    }
    if (type.kind() == GrantKind.USER_ROLE || type.kind() == GrantKind.AUTH_KEY) {
      return List.of(tailnetTarget(caller, type));
    }
    return devices().stream()
        .map(TargetResolver::target)
        .filter(t -> Policy.isTargetEligible(spec, caller.principal(), t))
        .toList();
  }

  /**
   * The target named {@code wanted} (blank: the caller's own device, or the type's only cluster).
   */
  TargetDevice resolve(Caller caller, GrantTypeConfig type, String wanted) {
    return switch (type.kind()) {
      case KUBERNETES -> cluster(type, wanted);
      case USER_ROLE, AUTH_KEY -> tailnet(caller, type, wanted);
      default -> device(caller, wanted);
    };
  }

  /**
   * A user-role grant's target is its requester, an auth-key grant's the device that joins with its
   * key; naming anything else is refused by {@code Policy.checkTarget}.
   */
  private static TargetDevice tailnet(Caller caller, GrantTypeConfig type, String wanted) {
    TargetDevice only = tailnetTarget(caller, type);
    if (wanted == null
        || wanted.isBlank()
        || wanted.equals(only.nodeId())
        || wanted.equals(only.name())) {
      return only;
    }
    return type.kind() == GrantKind.USER_ROLE
        ? TargetDevice.user(wanted)
        : new TargetDevice(wanted, wanted, null, List.of());
  }

  private static TargetDevice tailnetTarget(Caller caller, GrantTypeConfig type) {
    return type.kind() == GrantKind.USER_ROLE
        ? TargetDevice.user(caller.login())
        : TargetDevice.newDevice(type.tags());
  }

  private static TargetDevice cluster(GrantTypeConfig type, String wanted) {
    List<String> clusters = type.target().clusters();
    if (wanted == null || wanted.isBlank()) {
      if (clusters.size() != 1) {
        throw Refusal.badRequest(
            "target_not_eligible",
            "'"
                + type.name()
                + "' grants access to several clusters ("
                + String.join(", ", clusters)
                + "): name one as the target");
      }
      return TargetDevice.cluster(clusters.get(0));
    }
    return TargetDevice.cluster(
        wanted.startsWith("cluster/") ? wanted.substring("cluster/".length()) : wanted);
  }

  private TargetDevice device(Caller caller, String wanted) {
    if (wanted == null
        || wanted.isBlank()
        || wanted.equals(caller.nodeId())
        || wanted.equals(caller.deviceName())) {
      return ownDevice(caller);
    }
    Optional<DeviceInfo> found = find(inventory(false), wanted);
    if (found.isEmpty()) {
      found = find(inventory(true), wanted);
    }
    return found
        .map(TargetResolver::target)
        .orElseThrow(
            () ->
                Refusal.badRequest(
                    "target_not_eligible", "there is no device '" + wanted + "' on the tailnet"));
  }

  /**
   * The inventory to check a target against. Past the listing interval the tailnet is listed again;
   * a request waits for that listing only when its target is not in the inventory, or the inventory
   * is more than twice the interval old, so a busy directory does not hold up every request while
   * it lists.
   */
  private DeviceInventory inventory(boolean unknownTarget) {
    DeviceInventory current = board.inventory();
    Instant now = clock.instant();
    if (unknownTarget || olderThan(current, refreshInterval.multipliedBy(2), now)) {
      return board.inventoryListedAt(refresh.get());
    }
    if (olderThan(current, refreshInterval, now)) {
      board.inBackground(
          listing, "listing the tailnet", () -> board.inventoryListedAt(refresh.get()));
    }
    return current;
  }

  private static boolean olderThan(DeviceInventory inventory, Duration age, Instant now) {
    return inventory == null
        || inventory.listedAt() == null
        || inventory.listedAt().plus(age).isBefore(now);
  }

  private static Optional<DeviceInfo> find(DeviceInventory inventory, String wanted) {
    return inventory.devices().stream()
        .filter(
            d ->
                wanted.equals(d.nodeId()) || wanted.equals(d.hostname()) || wanted.equals(d.name()))
        .findFirst();
  }

  private static TargetDevice ownDevice(Caller caller) {
    return new TargetDevice(caller.nodeId(), caller.deviceName(), caller.login(), List.of());
  }

  private static TargetDevice target(DeviceInfo d) {
    return new TargetDevice(d.nodeId(), d.hostname(), d.user(), d.tags());
  }
}
