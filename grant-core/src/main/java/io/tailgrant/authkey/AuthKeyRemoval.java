package io.tailgrant.authkey;

import java.util.List;

/** What ending a grant's keys did: the keys deleted and the devices that had joined with them. */
public record AuthKeyRemoval(List<String> keysDeleted, List<JoinedDevice> joined) {

  public AuthKeyRemoval {
    keysDeleted = keysDeleted == null ? List.of() : List.copyOf(keysDeleted);
    joined = joined == null ? List.of() : List.copyOf(joined);
  }

  /** A device that joined with the grant's key; {@code removed} when TailGrant deleted it. */
  public record JoinedDevice(String nodeId, String name, boolean removed) {}
}
