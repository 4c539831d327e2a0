package io.tailgrant.grant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * What a grant applies to: a device ({@code owner} is the user for user-owned devices, null for
 * tagged ones), or for kubernetes grants a cluster, whose {@code nodeId} is {@code cluster/<name>}.
 */
public record TargetDevice(String nodeId, String name, String owner, List<String> tags) {
  private static final String CLUSTER_PREFIX = "cluster/";

  public TargetDevice {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  public static TargetDevice cluster(String name) {
    return new TargetDevice(CLUSTER_PREFIX + name, name, null, List.of());
  }

  public static boolean isCluster(TargetDevice target) {
    return target.nodeId() != null && target.nodeId().equals(CLUSTER_PREFIX + target.name());
  }

  @JsonIgnore
  public boolean isTagged() {
    return !tags.isEmpty();
  }
}
