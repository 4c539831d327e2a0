package io.tailgrant.grant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * What a grant applies to: a device ({@code owner} is the user for user-owned devices, null for
 * tagged ones), for kubernetes grants a cluster, whose {@code nodeId} is {@code cluster/<name>},
 * for user-role grants the requester ({@code user/<login>}), and for auth-key grants the device
 * that will join with the key ({@code new-device/<tags>}).
 */
public record TargetDevice(String nodeId, String name, String owner, List<String> tags) {
  private static final String CLUSTER_PREFIX = "cluster/";
  private static final String USER_PREFIX = "user/";
  private static final String NEW_DEVICE_PREFIX = "new-device/";

  public TargetDevice {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  public static TargetDevice cluster(String name) {
    return new TargetDevice(CLUSTER_PREFIX + name, name, null, List.of());
  }

  public static boolean isCluster(TargetDevice target) {
    return target.nodeId() != null && target.nodeId().equals(CLUSTER_PREFIX + target.name());
  }

  /** The tailnet user {@code login} as a user-role grant's target. */
  public static TargetDevice user(String login) {
    return new TargetDevice(USER_PREFIX + login, login, login, List.of());
  }

  /** Whether {@code target} is the user {@code login}. */
  public static boolean isUser(TargetDevice target, String login) {
    return target.nodeId() != null
        && target.nodeId().equals(USER_PREFIX + login)
        && login.equals(target.owner());
  }

  /** A device that will join the tailnet as {@code tags}: an auth-key grant's target. */
  public static TargetDevice newDevice(List<String> tags) {
    return new TargetDevice(
        NEW_DEVICE_PREFIX + String.join(",", tags),
        "a new device as " + String.join(" ", tags),
        null,
        tags);
  }

  public static boolean isNewDevice(TargetDevice target) {
    return target.nodeId() != null && target.nodeId().startsWith(NEW_DEVICE_PREFIX);
  }

  @JsonIgnore
  public boolean isTagged() {
    return !tags.isEmpty();
  }
}
