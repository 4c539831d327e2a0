package io.tailgrant.config;

import java.util.Set;

/**
 * The Tailscale webhook endpoint ({@code hooks.tailscale}): the endpoint's signing secret (a file
 * or an environment variable, never inline), the Tailscale roles a role change to which offboards
 * someone, and how many deliveries a minute {@code POST /hooks/tailscale} takes.
 */
public record TailscaleWebhookConfig(
    SecretRef secret, Set<String> offboardRoles, int deliveriesPerMinute) {

  public static final int DEFAULT_DELIVERIES_PER_MINUTE = 60;

  public TailscaleWebhookConfig {
    offboardRoles = offboardRoles == null ? Set.of() : Set.copyOf(offboardRoles);
  }
}
