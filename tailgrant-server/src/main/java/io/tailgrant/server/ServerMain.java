package io.tailgrant.server;

import io.javalin.Javalin;
import io.tailgrant.config.ConfigCommandLine;
import io.tailgrant.config.TailGrantConfig;
import io.tailgrant.identity.CallerResolver;
import io.tailgrant.identity.Cidr;
import io.tailgrant.identity.WhoIsClient;
import io.tailgrant.ops.OperationsMetrics;
import io.tailgrant.ops.OperationsServer;
import io.tailgrant.ops.ReadinessCheck;
import io.tailgrant.temporal.PayloadEncryption;
import io.tailgrant.temporal.TemporalConnection;
import io.tailgrant.web.GrantService;
import io.tailgrant.web.TailGrantServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server process: WhoIs-gated UI and API, a Temporal client only. */
public final class ServerMain implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServerMain.class);

  private final TemporalConnection connection;
  private final Javalin app;
  private final OperationsServer operations;

  private final GrantService grants;

  private ServerMain(
      TemporalConnection connection,
      Javalin app,
      OperationsServer operations,
      GrantService grants) {
    this.connection = connection;
    this.app = app;
    this.operations = operations;
    this.grants = grants;
  }

  /** {@code devMode} honours the dev identity header; only DevMain ever sets it. */
  public static ServerMain start(TailGrantConfig config, boolean devMode) {
    return start(config, devMode, config.operationsListen());
  }

  /** As above, with the operations listener on {@code opsListen} (null: none). */
  public static ServerMain start(TailGrantConfig config, boolean devMode, String opsListen) {
    OperationsMetrics.registry(); // before the first meter

    TemporalConnection connection = TemporalConnection.connect(config.temporal());
    var ts = config.tailscale();
    WhoIsClient whois =
        ts.localApiUrl() != null
            ? WhoIsClient.overTcp(ts.localApiUrl())
            : WhoIsClient.overUnixSocket(Path.of(ts.localApiSocket()));
    CallerResolver callers =
        new CallerResolver(
            whois,
            config.server().trustForwardedFor(),
            devMode,
            config.server().trustedProxies().stream().map(Cidr::parse).toList(),
            config.server().capability());
    GrantService grants = new GrantService(config, connection.client(), Clock.systemUTC());
    PayloadEncryption codec =
        config.temporal().encryptionKeyFile() == null
            ? null
            : TemporalConnection.codec(config.temporal());
    Path socket = config.server().listenSocket();
    Javalin app =
        TailGrantServer.create(
            grants, callers, Clock.systemUTC(), codec, config.server().publicHost(), socket);
    if (socket != null) {
      UnixSocketListener.prepare(socket);
      app.start();
      UnixSocketListener.restrict(socket);
      log.info("server listening on unix socket {}", socket);
    } else {
      app.start(config.server().listenHost(), config.server().listenPort());
      log.info("server listening on http://{}:{}", config.server().listenHost(), app.port());
    }
    OperationsServer operations =
        OperationsServer.startIfWanted(
            opsListen,
            // Ready means the server can serve: Temporal answers and tailscaled is logged in
            // (during a rollout a pod whose tailscaled is not Running would identify nobody).
            List.of(
                ReadinessCheck.of("temporal", connection::checkReachable),
                ReadinessCheck.of("tailscaled", whois::requireRunning)));
    return new ServerMain(connection, app, operations, grants);
  }

  /** The operations listener (/metrics, /healthz, /readyz), or null when none was asked for. */
  public OperationsServer operations() {
    return operations;
  }

  /** The TCP port (not for a unix-socket listener). */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    if (operations != null) {
      operations.close();
    }
    app.stop();
    grants.close();
    connection.close();
  }

  static final String USAGE =
      """
      usage: tailgrant server --config FILE [--ops-listen HOST:PORT] [--log-format json]
        --config FILE         the TailGrant YAML config
        --ops-listen H:P      /metrics, /healthz, /readyz here (default: operations.listen in the config)
        --log-format json     log JSON lines instead of text (or TAILGRANT_LOG_FORMAT=json)""";

  public static void main(String[] args) throws InterruptedException {
    TailGrantConfig config = ConfigCommandLine.loadOrExit(args, USAGE);
    ServerMain server;
    try {
      server =
          start(
              config,
              false,
              ConfigCommandLine.option(args, "--ops-listen", config.operationsListen()));
    } catch (RuntimeException e) {
      System.err.println("server failed to start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    Thread.currentThread().join();
  }
}
