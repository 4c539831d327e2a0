package io.tailgrant.server;

import io.javalin.Javalin;
import io.tailgrant.config.ConfigCommandLine;
import io.tailgrant.config.TailGrantConfig;
import io.tailgrant.identity.CallerResolver;
import io.tailgrant.identity.WhoIsClient;
import io.tailgrant.temporal.TemporalConnection;
import io.tailgrant.web.GrantService;
import io.tailgrant.web.TailGrantServer;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server process: WhoIs-gated UI and API, a Temporal client only. */
public final class ServerMain implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServerMain.class);

  private final TemporalConnection connection;
  private final Javalin app;

  private ServerMain(TemporalConnection connection, Javalin app) {
    this.connection = connection;
    this.app = app;
  }

  /** {@code devMode} honours the dev identity header; only DevMain ever sets it. */
  public static ServerMain start(TailGrantConfig config, boolean devMode) {
    TemporalConnection connection = TemporalConnection.connect(config.temporal());
    var ts = config.tailscale();
    WhoIsClient whois = ts.localApiUrl() != null
        ? WhoIsClient.overTcp(ts.localApiUrl())
        : WhoIsClient.overUnixSocket(Path.of(ts.localApiSocket()));
    CallerResolver callers = new CallerResolver(whois, config.server().trustForwardedFor(), devMode);
    GrantService grants = new GrantService(config, connection.client(), Clock.systemUTC());
    Javalin app = TailGrantServer.create(grants, callers).start(config.server().listenHost(), config.server().listenPort());
    log.info("server listening on http://{}:{}", config.server().listenHost(), app.port());
    return new ServerMain(connection, app);
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
    connection.close();
  }

  static final String USAGE = """
      usage: tailgrant server --config FILE
        --config FILE   the TailGrant YAML config""";

  public static void main(String[] args) throws InterruptedException {
    TailGrantConfig config = ConfigCommandLine.loadOrExit(args, USAGE);
    ServerMain server;
    try {
      server = start(config, false);
    } catch (RuntimeException e) {
      System.err.println("server failed to start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    Thread.currentThread().join();
  }
}
