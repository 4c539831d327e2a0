package io.tailgrant.role;

import java.util.List;
import java.util.Set;

/**
 * What {@link RolePlan} decides on: {@code login}'s role should be what {@code held} asks for.
 * {@code adding} are the grants among {@code held} that are new (each may be refused); {@code
 * baseline} and {@code applied} are the manager's memory (see {@link RoleManagerState}).
 */
public record RoleSyncRequest(
    String login, List<RoleAsset> held, Set<String> adding, String baseline, String applied) {

  public RoleSyncRequest {
    held = held == null ? List.of() : List.copyOf(held);
    adding = adding == null ? Set.of() : Set.copyOf(adding);
  }
}
