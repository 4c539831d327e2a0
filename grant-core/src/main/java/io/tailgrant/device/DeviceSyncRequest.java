package io.tailgrant.device;

import io.tailgrant.grant.GrantKind;
import java.util.List;
import java.util.Set;

/** Make the device match {@code held} for the given kinds (only those are read and written). */
public record DeviceSyncRequest(String nodeId, List<DeviceAsset> held, Set<GrantKind> kinds) {

  public DeviceSyncRequest {
    held = held == null ? List.of() : List.copyOf(held);
    kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
  }
}
