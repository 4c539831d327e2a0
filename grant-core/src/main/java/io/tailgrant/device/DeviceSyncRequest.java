package io.tailgrant.device;

import io.tailgrant.grant.GrantKind;
import java.util.List;
import java.util.Set;

/**
 * Make the device match {@code held} for the given kinds (only those are read and written). {@code
 * removing}: the write only takes access away, so every API failure is retried; only a refusal no
 * retry can fix (stripping a tagged device's last tag) ends the attempt, with an alert.
 */
public record DeviceSyncRequest(
    String nodeId, List<DeviceAsset> held, Set<GrantKind> kinds, boolean removing) {

  public DeviceSyncRequest {
    held = held == null ? List.of() : List.copyOf(held);
    kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
  }
}
