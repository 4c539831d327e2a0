package io.tailgrant.directory;

import java.time.Instant;
import java.util.List;

/** The tailnet's devices as of {@code listedAt}; empty with a null time until first listed. */
public record DeviceInventory(List<DeviceInfo> devices, Instant listedAt) {

  public DeviceInventory {
    devices = devices == null ? List.of() : List.copyOf(devices);
  }

  public static DeviceInventory empty() {
    return new DeviceInventory(List.of(), null);
  }
}
