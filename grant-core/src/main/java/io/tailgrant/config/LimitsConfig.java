package io.tailgrant.config;

import io.tailgrant.grant.GrantLimits;
import java.time.Duration;

/**
 * Everything a requester can make TailGrant spend has a limit: open (pending or active) grants per
 * requester, how often the device inventory may be listed from the Tailscale API whatever the
 * traffic, and the per-grant limits ({@link GrantLimits}: smallest extension, kubeconfig minting,
 * free-text length).
 */
public record LimitsConfig(
    int openGrantsPerRequester, Duration inventoryRefreshInterval, GrantLimits grant) {

  public static final LimitsConfig DEFAULTS =
      new LimitsConfig(10, Duration.ofSeconds(30), GrantLimits.DEFAULTS);
}
