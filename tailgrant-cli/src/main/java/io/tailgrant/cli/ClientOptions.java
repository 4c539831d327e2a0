package io.tailgrant.cli;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The options of every command that talks to a server: which server, whether plain http to another
 * machine is allowed, and (dev stack only) which simulated device to act as.
 */
final class ClientOptions {
  static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "the TailGrant server (else TAILGRANT_SERVER, else the profile's, else "
              + DEFAULT_SERVER
              + "); https://, or http:// only to this machine (127.0.0.1, [::1], localhost)"
              + " unless --allow-http")
  String server;

  @Option(
      names = "--allow-http",
      description =
          "also use a plain http:// server elsewhere (or TAILGRANT_ALLOW_HTTP=1): requests and"
              + " kubeconfig tokens then cross the network unencrypted; for trusted networks only")
  boolean allowHttp;

  @Option(
      names = "--dev-as",
      paramLabel = "DEVICE",
      description = "dev stack only: act as a simulated device (or TAILGRANT_DEV_AS)")
  String devAs;

  /**
   * The server to use and where it was named. Precedence: {@code --server}, then {@code
   * TAILGRANT_SERVER}, then the profile's {@code server}, then {@link #DEFAULT_SERVER}. Plain http
   * to another machine is allowed by {@code --allow-http}, else by {@code TAILGRANT_ALLOW_HTTP}
   * when set, else (for the profile's own server only) by the profile's {@code allowHttp}. The
   * profile is read only when neither the option nor the variable names a server.
   */
  record Endpoint(String url, boolean allowHttp, String where, String optIn) {}

  Endpoint endpoint(CliContext ctx) {
    String optIn = "pass --allow-http (or set TAILGRANT_ALLOW_HTTP=1)";
    if (server != null && !server.isBlank()) {
      return new Endpoint(server, allowHttp(ctx, false), "the server URL (--server)", optIn);
    }
    String fromEnv = ctx.env("TAILGRANT_SERVER");
    if (fromEnv != null) {
      return new Endpoint(
          fromEnv, allowHttp(ctx, false), "the server URL (TAILGRANT_SERVER)", optIn);
    }
    Optional<Profile> profile = Profile.load(Profile.path(ctx));
    if (profile.isPresent() && profile.get().server() != null) {
      Profile p = profile.get();
      return new Endpoint(
          p.server(),
          allowHttp(ctx, p.allowHttp()),
          p.where(),
          optIn + ", or set " + Profile.ALLOW_HTTP + ": true in " + p.file());
    }
    return new Endpoint(DEFAULT_SERVER, allowHttp(ctx, false), "the default server URL", optIn);
  }

  /** A client for the chosen server, its URL checked first (a usage failure otherwise). */
  ServerClient connect(CliContext ctx) {
    Endpoint e = endpoint(ctx);
    String url = ServerClient.checkedBaseUrl(e.url(), e.allowHttp(), e.where(), e.optIn());
    String as = devAs != null && !devAs.isBlank() ? devAs : ctx.env("TAILGRANT_DEV_AS");
    ServerClient client = new ServerClient(url, as);
    if (client.plainHttpElsewhere() != null) {
      ctx.say(
          "tailgrant: warning: plain http to "
              + client.plainHttpElsewhere()
              + " (--allow-http): requests and kubeconfig tokens are not encrypted");
    }
    return client;
  }

  private boolean allowHttp(CliContext ctx, boolean profileSays) {
    if (allowHttp) {
      return true;
    }
    String v = ctx.env("TAILGRANT_ALLOW_HTTP");
    if (v != null) {
      return Set.of("1", "true").contains(v.trim().toLowerCase(Locale.ROOT));
    }
    return profileSays;
  }
}
