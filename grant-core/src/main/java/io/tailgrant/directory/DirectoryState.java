package io.tailgrant.directory;

import java.util.List;

/** The directory's state carried across continue-as-new. */
public record DirectoryState(
    List<GrantSummary> open,
    List<GrantSummary> recent,
    DeviceInventory inventory,
    int continueAsNewAfter) {

  public static final int RECENT_LIMIT = 200;
  public static final int DEFAULT_CONTINUE_AS_NEW_AFTER = 300;

  public DirectoryState {
    open = open == null ? List.of() : List.copyOf(open);
    recent = recent == null ? List.of() : List.copyOf(recent);
    inventory = inventory == null ? DeviceInventory.empty() : inventory;
    if (continueAsNewAfter <= 0) {
      continueAsNewAfter = DEFAULT_CONTINUE_AS_NEW_AFTER;
    }
  }

  public static DirectoryState initial() {
    return new DirectoryState(List.of(), List.of(), DeviceInventory.empty(), 0);
  }
}
