package io.tailgrant.grant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/** The device a grant applies to; {@code owner} is the user for user-owned devices, null for tagged ones. */
public record TargetDevice(String nodeId, String name, String owner, List<String> tags) {

  public TargetDevice {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  @JsonIgnore
  public boolean isTagged() {
    return !tags.isEmpty();
  }
}
