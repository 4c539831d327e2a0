package io.tailgrant.config;

/**
 * The Tailscale API (worker) and the local tailscaled (server). {@code localApiUrl} replaces the
 * unix socket with a TCP base URL, which is how the dev stack's simulated LocalAPI is reached.
 */
public record TailscaleConfig(
    String apiBaseUrl,
    String tailnet,
    String oauthClientId,
    SecretRef oauthClientSecret,
    String localApiSocket,
    String localApiUrl) {}
