package io.tailgrant.device;

import java.util.List;

/**
 * A device manager's whole state, carried across continue-as-new. {@code continueAsNewAfter} is how
 * many changes one run handles before it starts afresh (tests pass a small number).
 */
public record DeviceManagerState(String nodeId, List<DeviceAsset> assets, int continueAsNewAfter) {

  public static final int DEFAULT_CONTINUE_AS_NEW_AFTER = 200;

  public DeviceManagerState {
    assets = assets == null ? List.of() : List.copyOf(assets);
    if (continueAsNewAfter <= 0) {
      continueAsNewAfter = DEFAULT_CONTINUE_AS_NEW_AFTER;
    }
  }
}
