package io.tailgrant.role;

import java.util.List;
import java.util.Set;

/**
 * Make {@code login}'s role what {@code held} asks for. {@code adding} are the grants among {@code
 * held} that are new (each may be refused); {@code baseline} and {@code applied} are the manager's
 * memory (see {@link RoleManagerState}). {@code removing}: nothing is being added, so every API
 * failure is retried.
 */
public record RoleSyncRequest(
    String login,
    List<RoleAsset> held,
    Set<String> adding,
    String baseline,
    String applied,
    boolean removing) {

  public RoleSyncRequest {
    held = held == null ? List.of() : List.copyOf(held);
    adding = adding == null ? Set.of() : Set.copyOf(adding);
  }
}
