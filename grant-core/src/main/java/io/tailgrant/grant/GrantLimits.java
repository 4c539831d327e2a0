package io.tailgrant.grant;

import java.time.Duration;

/**
 * What one grant lets its people make the system spend: the smallest extension, how often a
 * kubeconfig may be minted and how many in all, and the longest free text (reasons, comments).
 */
public record GrantLimits(
    Duration minExtension,
    Duration kubeconfigInterval,
    int kubeconfigsPerGrant,
    int maxTextLength) {

  public static final GrantLimits DEFAULTS =
      new GrantLimits(Duration.ofMinutes(1), Duration.ofSeconds(10), 100, 500);
}
