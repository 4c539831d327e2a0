package io.tailgrant.config;

import io.tailgrant.config.ConfigNode.HostPort;
import io.tailgrant.config.ConfigNode.UrlForm;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** Reads the {@code server} section: where the server listens and whom it believes. */
final class ServerSection {
  private static final String UNIX_PREFIX = "unix:";
  private static final String DEFAULT_HOST = "127.0.0.1";
  private static final int DEFAULT_PORT = 8080;

  /**
   * An app capability's name: a domain, then a path (Tailscale's {@code tailcfg.PeerCapability}).
   */
  static final Pattern APP_CAPABILITY = Pattern.compile("^[A-Za-z0-9.-]+\\.[A-Za-z]+/\\S+$");

  private ServerSection() {}

  static ServerConfig read(ConfigNode n) {
    if (n == null) {
      return new ServerConfig(
          DEFAULT_HOST, DEFAULT_PORT, null, null, true, List.of(), List.of(), null);
    }
    String listen = n.string("listen", DEFAULT_HOST + ":" + DEFAULT_PORT, false);
    String host = DEFAULT_HOST;
    int port = DEFAULT_PORT;
    Path socket = null;
    if (listen.startsWith(UNIX_PREFIX)) {
      String path = listen.substring(UNIX_PREFIX.length());
      if (!path.startsWith("/")) {
        n.problem(
            "listen",
            "'"
                + listen
                + "' must name an absolute socket path, such as unix:/run/tailgrant/server.sock");
      } else {
        socket = Path.of(path);
      }
    } else {
      HostPort hostPort = n.hostPort("listen", listen, "unix:/path/to/socket");
      if (hostPort != null) {
        host = hostPort.host();
        port = hostPort.port();
      }
    }
    List<String> origins = n.strings("codecCorsOrigins", false);
    origins.forEach(o -> n.url("codecCorsOrigins", o, UrlForm.ORIGIN));
    List<String> proxies = n.strings("trustedProxies", false);
    for (String p : proxies) {
      if (!p.matches("^[0-9A-Fa-f:.]+(/\\d{1,3})?$")) {
        n.problem("trustedProxies", "'" + p + "' must be an IP network such as 10.42.0.0/16");
      }
    }
    String publicUrl = n.string("publicUrl", null, false);
    if (publicUrl != null && !n.url("publicUrl", publicUrl, UrlForm.BASE)) {
      publicUrl = null;
    }
    String capability = n.string("capability", null, false);
    if (capability != null && !APP_CAPABILITY.matcher(capability).matches()) {
      n.problem(
          "capability",
          "'" + capability + "' must be an app capability name such as example.com/cap/tailgrant");
      capability = null;
    }
    ServerConfig c =
        new ServerConfig(
            host,
            port,
            socket,
            publicUrl,
            n.bool("trustForwardedFor", true),
            origins,
            proxies,
            capability);
    n.finish(null);
    return c;
  }
}
