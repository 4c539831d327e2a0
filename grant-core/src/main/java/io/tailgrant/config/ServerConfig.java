package io.tailgrant.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How the server listens (TCP {@code listenHost:listenPort}, or a unix socket {@code listenSocket}
 * that only {@code tailscale serve} and the socket's owner can reach), whom it believes about the
 * caller's address (X-Forwarded-For counts only from the unix socket or a peer inside one of the
 * {@code trustedProxies} networks, and only when tailscaled does not know the connection itself),
 * and which browser origins (the Temporal UI's) may call its payload codec endpoint. {@code
 * capability} names the app capability (such as {@code example.com/cap/tailgrant}) through which
 * the tailnet policy file may give requester, approver and admin roles beside the YAML config's;
 * null: roles come from the YAML config only.
 */
public record ServerConfig(
    String listenHost,
    int listenPort,
    Path listenSocket,
    String publicUrl,
    boolean trustForwardedFor,
    List<String> codecCorsOrigins,
    List<String> trustedProxies,
    String capability) {

  public ServerConfig {
    codecCorsOrigins = codecCorsOrigins == null ? List.of() : List.copyOf(codecCorsOrigins);
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
  }

  /**
   * The host name people reach the server by (from {@code publicUrl}); requests naming another host
   * are refused.
   */
  public Optional<String> publicHost() {
    if (publicUrl == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(URI.create(publicUrl).getHost());
  }
}
