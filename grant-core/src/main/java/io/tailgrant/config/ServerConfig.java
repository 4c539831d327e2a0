package io.tailgrant.config;

import java.util.List;

/**
 * How the server listens, whom it believes about the caller's address (a loopback peer, or one in
 * {@code trustedProxies} networks, may pass it in X-Forwarded-For), and which browser origins
 * (the Temporal UI's) may call its payload codec endpoint.
 */
public record ServerConfig(String listenHost, int listenPort, String publicUrl, boolean trustForwardedFor,
    List<String> codecCorsOrigins, List<String> trustedProxies) {

  public ServerConfig {
    codecCorsOrigins = codecCorsOrigins == null ? List.of() : List.copyOf(codecCorsOrigins);
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
  }
}
