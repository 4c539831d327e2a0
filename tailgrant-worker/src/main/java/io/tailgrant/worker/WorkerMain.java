package io.tailgrant.worker;

import io.tailgrant.audit.AuditLog;
import io.tailgrant.config.ConfigCommandLine;
import io.tailgrant.config.NotificationsConfig;
import io.tailgrant.config.TailGrantConfig;
import io.tailgrant.device.DeviceChangeActivitiesImpl;
import io.tailgrant.device.DeviceManagerState;
import io.tailgrant.directory.Directory;
import io.tailgrant.directory.GrantGauges;
import io.tailgrant.kubernetes.KubernetesClusters;
import io.tailgrant.ops.OperationsMetrics;
import io.tailgrant.ops.OperationsServer;
import io.tailgrant.ops.ReadinessCheck;
import io.tailgrant.tailnet.CredentialCheck;
import io.tailgrant.tailnet.TailscaleApiClient;
import io.tailgrant.temporal.TemporalConnection;
import io.temporal.worker.WorkerFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The worker process: the only holder of the Tailscale OAuth secret. */
public final class WorkerMain implements AutoCloseable {
  private Duration shutdownGrace = WorkerShutdown.DEFAULT_GRACE;
  private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

  private final TemporalConnection connection;
  private final WorkerFactory factory;
  private final OperationsServer operations;

  private WorkerMain(
      TemporalConnection connection, WorkerFactory factory, OperationsServer operations) {
    this.connection = connection;
    this.factory = factory;
    this.operations = operations;
  }

  /** The operations listener (/metrics, /healthz, /readyz), or null when none was asked for. */
  public OperationsServer operations() {
    return operations;
  }

  /**
   * Connects, registers search attributes, makes sure the directory runs, and starts polling.
   * {@code embeddedServer} turns sticky execution off for the dev stack's Temporal.
   */
  public static WorkerMain start(TailGrantConfig config, boolean embeddedServer) {
    return start(config, embeddedServer, config.operationsListen(), false);
  }

  /**
   * As above, with the operations listener on {@code opsListen} (null: none); the OAuth client's
   * credentials are checked first, and with {@code validateKeys} its tag ownership too.
   */
  public static WorkerMain start(
      TailGrantConfig config, boolean embeddedServer, String opsListen, boolean validateKeys) {
    OperationsMetrics.registry(); // before the first meter, so none misses the Prometheus registry
    var ts = config.tailscale();
    if (ts == null || ts.oauthClientSecret() == null) {
      throw new IllegalStateException(
          config.source() + ": tailscale.oauth is required to run the worker");
    }
    TailscaleApiClient api =
        TailscaleApiClient.create(
            ts.apiBaseUrl(), ts.tailnet(), ts.oauthClientId(), ts.oauthClientSecret().read());
    CredentialCheck.require(
        CredentialCheck.run(api, CredentialCheck.Needs.of(config), validateKeys));
    TemporalConnection connection = TemporalConnection.connect(config.temporal());
    SearchAttributeRegistrar.register(connection.stubs(), config.temporal().namespace());
    WorkerFactory factory = WorkerFactory.newInstance(connection.client());
    TailGrantWorker.register(
        factory,
        connection.client(),
        api,
        new TailGrantWorker.Options(
            config.temporal().taskQueue(),
            config.managedTags(),
            config.managedAttributeKeys(),
            embeddedServer,
            DeviceManagerState.DEFAULT_CONTINUE_AS_NEW_AFTER,
            AuditLog.open(config.auditFile()),
            DeviceChangeActivitiesImpl.ATTEMPT_WAIT,
            KubernetesClusters.connect(config.kubernetes().clusters()),
            Clock.systemUTC(),
            config));
    Directory.ensureRunning(connection.client(), config.temporal().taskQueue());
    TailGrantWorker.startReconciliation(
        connection.client(), config.temporal().taskQueue(), config.reconcileInterval());
    factory.start();
    OperationsServer operations =
        OperationsServer.startIfWanted(
            opsListen,
            List.of(
                ReadinessCheck.of("temporal", connection::checkReachable),
                ReadinessCheck.of("tailscale-api", api::checkHealth)));
    Duration stuckAfter = config.notifications().removalAlertAfter();
    GrantGauges.register(
        connection.client(),
        config.temporal().taskQueue(),
        Clock.systemUTC(),
        stuckAfter != null ? stuckAfter : NotificationsConfig.DEFAULT_REMOVAL_ALERT_AFTER);
    log.info(
        "worker polling task queue '{}' on {} (namespace {})",
        config.temporal().taskQueue(),
        config.temporal().target(),
        config.temporal().namespace());
    return new WorkerMain(connection, factory, operations);
  }

  /** How long {@link #close} lets running tasks finish (the dev stack stops faster). */
  public WorkerMain shutdownGrace(Duration grace) {
    this.shutdownGrace = grace;
    return this;
  }

  @Override
  public void close() {
    if (operations != null) {
      operations.close();
    }
    WorkerShutdown.stop(factory, shutdownGrace);
    connection.close();
  }

  static final String USAGE =
      """
      usage: tailgrant worker --config FILE [--embedded-temporal] [--ops-listen HOST:PORT] [--validate-keys]
                              [--log-format json]
        --config FILE         the TailGrant YAML config
        --ops-listen H:P      /metrics, /healthz, /readyz here (default: operations.listen in the config)
        --validate-keys       also prove tag ownership by creating and deleting an ephemeral tagged auth key
                              (needs the auth_keys scope)
        --log-format json     log JSON lines instead of text (or TAILGRANT_LOG_FORMAT=json)
        --embedded-temporal   Temporal is the dev stack's embedded server (turns sticky execution off)""";

  public static void main(String[] args) throws InterruptedException {
    TailGrantConfig config = ConfigCommandLine.loadOrExit(args, USAGE);
    WorkerMain worker;
    try {
      worker =
          start(
              config,
              ConfigCommandLine.hasFlag(args, "--embedded-temporal"),
              ConfigCommandLine.option(args, "--ops-listen", config.operationsListen()),
              ConfigCommandLine.hasFlag(args, "--validate-keys"));
    } catch (RuntimeException e) {
      System.err.println("worker failed to start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
