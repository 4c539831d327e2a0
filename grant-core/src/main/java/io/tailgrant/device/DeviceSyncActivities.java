package io.tailgrant.device;

import io.temporal.activity.ActivityInterface;

/** Reads a device and writes it once so it shows exactly what active grants hold. */
@ActivityInterface
public interface DeviceSyncActivities {

  /** Failure type of a refusal that retrying cannot fix (the API's 400/403/404). */
  String NON_RETRYABLE = "TailscaleApiRefused";

  void syncDevice(DeviceSyncRequest request);
}
