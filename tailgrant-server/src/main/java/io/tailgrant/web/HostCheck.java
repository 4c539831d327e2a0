package io.tailgrant.web;

import io.tailgrant.grant.Refusal;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which host names a request may address. A web page can make a browser send requests to any IP by
 * rebinding its own DNS name to it; the browser then sends that page's name as {@code Host}. In dev
 * mode only loopback names are answered (the dev server trusts a header anybody's browser could
 * send); in production, when {@code server.publicUrl} is set, only its host.
 */
record HostCheck(Set<String> allowed) {
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");

  /**
   * Dev mode: loopback names only; otherwise the public URL's host, or any host when none is
   * configured.
   */
  static HostCheck of(boolean devMode, Optional<String> publicHost) {
    if (devMode) {
      return new HostCheck(LOOPBACK);
    }
    return new HostCheck(publicHost.map(h -> Set.of(h.toLowerCase(Locale.ROOT))).orElse(Set.of()));
  }

  /**
   * Refuses a request for another host. {@code forwardedHost} is the host a trusted proxy says the
   * browser asked for (it wins over {@code Host}, which the proxy may have rewritten).
   */
  void check(String host, String forwardedHost) {
    if (allowed.isEmpty()) {
      return;
    }
    String asked = forwardedHost != null && !forwardedHost.isBlank() ? forwardedHost : host;
    if (!allowed.contains(hostname(asked))) {
      throw new Refusal(
          Refusal.Kind.FORBIDDEN,
          "wrong_host",
          "this server answers only as "
              + String.join(" or ", allowed.stream().sorted().toList())
              + ": open it by that name");
    }
  }

  /** The name without port, brackets or a trailing dot, lower-cased; empty for a missing header. */
  static String hostname(String host) {
    if (host == null) {
      return "";
    }
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(1, end);
    }
    int colon = h.indexOf(':');
    if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
      h = h.substring(0, colon);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }
}
