package io.tailgrant.directory;

import java.util.List;

/** A device as the tailnet listed it: enough to choose and check a grant's target. */
public record DeviceInfo(
    String nodeId, String name, String hostname, String user, List<String> tags) {

  public DeviceInfo {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
