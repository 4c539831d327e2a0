package io.tailgrant.device;

import io.temporal.activity.ActivityInterface;

/** How a grant workflow reaches its device's manager (update-with-start, so it always exists). */
@ActivityInterface
public interface DeviceChangeActivities {

  void applyAsset(String nodeId, DeviceAsset asset);

  void releaseAsset(String nodeId, String grantId);

  void extendAsset(String nodeId, AssetExtension extension);
}
