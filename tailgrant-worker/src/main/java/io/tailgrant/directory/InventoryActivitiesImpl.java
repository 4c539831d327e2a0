package io.tailgrant.directory;

import io.tailgrant.tailnet.TailscaleApi;
import io.tailgrant.tailnet.TailscaleApiException;
import io.tailgrant.tailnet.TailscaleDevice;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/** One device-list call, trimmed to what choosing a target needs. */
public final class InventoryActivitiesImpl implements InventoryActivities {
  private final TailscaleApi api;

  public InventoryActivitiesImpl(TailscaleApi api) {
    this.api = api;
  }

  @Override
  public List<DeviceInfo> listDevices() {
    try {
      return api.listDevices().stream().map(InventoryActivitiesImpl::info).toList();
    } catch (TailscaleApiException e) {
      throw e.isRetryable()
          ? ApplicationFailure.newFailureWithCauseAndDelay(
              e.getMessage(), "TailscaleApiError", null, e.retryAfter())
          : ApplicationFailure.newNonRetryableFailure(e.getMessage(), "TailscaleApiRefused");
    }
  }

  static DeviceInfo info(TailscaleDevice d) {
    String hostname = d.hostname() != null ? d.hostname() : d.name().split("\\.")[0];
    return new DeviceInfo(d.nodeId(), d.name(), hostname, d.isTagged() ? null : d.user(), d.tags());
  }
}
