package io.tailgrant.role;

import java.util.Map;

/**
 * What {@link RolePlan} decided: the role it was given, the role to write (null: none), the
 * manager's new memory, the new grants it refuses (grant id to reason) and a line for the grants'
 * timelines.
 */
public record RoleSyncResult(
    String found,
    String written,
    String baseline,
    String applied,
    Map<String, String> refusals,
    String note) {

  public RoleSyncResult {
    refusals = refusals == null ? Map.of() : Map.copyOf(refusals);
  }
}
