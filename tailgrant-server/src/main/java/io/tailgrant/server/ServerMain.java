package io.tailgrant.server;

import io.javalin.Javalin;
import io.tailgrant.config.ConfigLoader;
import io.tailgrant.config.InvalidConfigException;
import io.tailgrant.config.TailGrantConfig;
import io.tailgrant.identity.CallerResolver;
import io.tailgrant.identity.WhoIsClient;
import io.tailgrant.temporal.TemporalConnection;
import io.tailgrant.web.GrantService;
import io.tailgrant.web.TailGrantServer;
import java.nio.file.Files;
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

  public static void main(String[] args) throws InterruptedException {
    Path configFile = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--help") || args[i].equals("-h")) {
        System.out.println("usage: tailgrant server --config FILE\n  --config FILE   the TailGrant YAML config");
        return;
      }
      if (args[i].equals("--config") && i + 1 < args.length) {
        configFile = Path.of(args[i + 1]);
      }
    }
    if (configFile == null || !Files.isRegularFile(configFile)) {
      System.err.println(configFile == null ? "usage: tailgrant server --config FILE" : configFile + ": no such file");
      System.exit(2);
    }
    TailGrantConfig config;
    try {
      config = ConfigLoader.load(configFile);
    } catch (InvalidConfigException e) {
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    }
    ServerMain server = start(config, false);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    Thread.currentThread().join();
  }
}
