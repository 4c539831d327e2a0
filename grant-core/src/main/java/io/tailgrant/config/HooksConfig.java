package io.tailgrant.config;

import java.util.Optional;

/** Webhooks TailGrant receives ({@code hooks}); {@code tailscale} is null when not configured. */
public record HooksConfig(TailscaleWebhookConfig tailscale) {
  public static final HooksConfig NONE = new HooksConfig(null);

  /**
   * The Tailscale webhook endpoint, if configured ({@code POST /hooks/tailscale} is 404 without).
   */
  public Optional<TailscaleWebhookConfig> tailscaleWebhook() {
    return Optional.ofNullable(tailscale);
  }
}
