package io.tailgrant.directory;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** Lists the tailnet's devices with one API call. */
@ActivityInterface
public interface InventoryActivities {
  List<DeviceInfo> listDevices();
}
