package io.tailgrant.dev;

import io.tailgrant.config.ConfigLoader;
import io.tailgrant.config.TailGrantConfig;
import io.tailgrant.server.ServerMain;
import io.tailgrant.sim.SimSeed;
import io.tailgrant.sim.SimulatedTailnet;
import io.tailgrant.sim.kubernetes.SimulatedCluster;
import io.tailgrant.worker.WorkerMain;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./tailgrant dev}: the whole system on one machine, in one JVM, with nothing to install.
 */
public final class DevMain implements AutoCloseable {
  private final Deque<AutoCloseable> running = new ArrayDeque<>();
  private final Path configFile;
  private final SimulatedCluster cluster;
  private int opsPort;

  private DevMain(Path configFile, SimulatedCluster cluster) {
    this.configFile = configFile;
    this.cluster = cluster;
  }

  /** Where /metrics, /healthz and /readyz answer. */
  public int opsPort() {
    return opsPort;
  }

  /** The simulated Kubernetes API, for tests to look at what grants created. */
  public SimulatedCluster cluster() {
    return cluster;
  }

  public static DevMain start(DevStackOptions options) throws IOException {
    Files.createDirectories(options.stateDir());
    SimulatedCluster cluster = SimulatedCluster.start(options.kubernetesPort(), Clock.systemUTC());
    Path configFile;
    try {
      configFile =
          DevConfigs.write(
              options.stateDir(),
              options.temporalPort(),
              options.simPort(),
              options.serverPort(),
              options.reconcileInterval(),
              cluster);
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    DevMain dev = new DevMain(configFile, cluster);
    dev.running.push(cluster);
    try {
      Closeable temporal = LoopbackTemporal.start(options.temporalPort());
      dev.running.push(temporal::close);
      SimSeed seed = seedFor(options);
      SimulatedTailnet sim =
          new SimulatedTailnet(seed, InstantSource.system()).start("127.0.0.1", options.simPort());
      dev.running.push(sim);
      TailGrantConfig config = ConfigLoader.load(configFile);
      // One operations listener for the one process: the worker's (its readiness covers the tailnet
      // too).
      String ops = "127.0.0.1:" + options.opsPort();
      if (!options.withoutWorker()) {
        // The dev stack stops at once (Ctrl-C, tests); production lets running tasks finish.
        WorkerMain worker =
            WorkerMain.start(config, true, ops, false).shutdownGrace(Duration.ofSeconds(2));
        dev.running.push(worker);
        dev.opsPort = worker.operations().port();
      }
      ServerMain server = ServerMain.start(config, true, options.withoutWorker() ? ops : null);
      dev.running.push(server);
      if (options.withoutWorker()) {
        dev.opsPort = server.operations().port();
      }
      sendTailscaleEventsTo(sim, config, options.serverPort());
    } catch (RuntimeException | IOException e) {
      dev.close();
      throw e;
    }
    return dev;
  }

  /**
   * Points the simulated tailnet's webhook endpoint (as an admin would in Tailscale's console) at
   * this server's {@code /hooks/tailscale}, with the dev config's secret, unless the seed names an
   * endpoint of its own.
   */
  private static void sendTailscaleEventsTo(
      SimulatedTailnet sim, TailGrantConfig config, int serverPort) {
    if (sim.state().webhookEndpoint().isPresent()) {
      return;
    }
    config
        .hooks()
        .tailscaleWebhook()
        .ifPresent(
            hook ->
                sim.state()
                    .setWebhookEndpoint(
                        "http://127.0.0.1:" + serverPort + "/hooks/tailscale",
                        hook.secret().read()));
  }

  /** The random seed of {@code --seed-size}: the same generated tailnet on every run. */
  static final long SEED_SIZE_RANDOM_SEED = 1L;

  /** The simulated tailnet: {@code --seed FILE}, {@code --seed-size N}, or the built-in one. */
  static SimSeed seedFor(DevStackOptions options) throws IOException {
    if (options.seed() != null) {
      return SimSeed.read(options.seed());
    }
    if (options.seedSize() > 0) {
      return SimSeed.generated(options.seedSize(), SEED_SIZE_RANDOM_SEED);
    }
    return SimSeed.defaultSeed();
  }

  public Path configFile() {
    return configFile;
  }

  @Override
  public void close() {
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e.getMessage());
      }
    }
  }

  public static void main(String[] args) throws Exception {
    DevStackOptions options = DevStackOptions.parseOrExit(args);
    DevMain dev;
    try {
      dev = start(options);
    } catch (RuntimeException | IOException e) {
      System.err.println("tailgrant dev failed to start: " + e.getMessage());
      System.exit(1);
      return;
    }
    System.out.println(banner(options, dev.configFile(), dev.cluster().url(), dev.opsPort()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("\nstopping the dev stack...");
                  dev.close();
                  stopped.countDown();
                }));
    stopped.await();
  }

  static String banner(DevStackOptions o, Path configFile, String kubernetesUrl, int opsPort) {
    String worker =
        o.withoutWorker()
            ? "  worker:             NOT started (--without-worker). Start one with:\n"
                + "                        ./tailgrant worker --config "
                + configFile.toAbsolutePath()
                + " --embedded-temporal\n"
            : "  worker:             running in this process\n";
    return """

        TailGrant dev stack is up (Ctrl-C stops it).
          TailGrant:          http://127.0.0.1:%d
          simulated tailnet:  http://127.0.0.1:%d   (devices: /sim/devices, users: /sim/users, API calls: /sim/calls)%s
          simulated Kubernetes: %s   (admin kubeconfig: dev-cluster.kubeconfig beside the config)
          operations:         http://127.0.0.1:%d/metrics  /healthz  /readyz
          Temporal (embedded): 127.0.0.1:%d  namespace default, task queue tailgrant (loopback only)
        %s  config:             %s

        Dev users (pick one with the header X-TailGrant-Dev-Device: <device>):
          alice@example.com   requester            device alice-laptop
          bob@example.com     approver (group:sre) device bob-laptop
          erin@example.com    approver (group:sre, group:security) device erin-laptop
          carol@example.com   admin                device carol-laptop
          dave@example.com    no rights            device dave-laptop
          frank@example.com   approver (group:security); misconfigured TKA capability (two rules of equal
                              priority), and a malformed example.com/cap/tailgrant value (ignored)
                                                                                           device frank-laptop
          eve@partner.example a device shared in from another tailnet: no member            device eve-laptop
          grace@example.com   only by the tailnet policy (example.com/cap/tailgrant): requests ssh-prod,
                              approves db-admin and db-migrate                             device grace-laptop
        Tagged devices: prod-db-1 (tag:prod-db), ci-runner-1 (tag:ci)
        Grant types: ssh-prod (low risk), db-admin (high risk, group:sre approves), ci-deploy (tags, medium risk),
                     k8s-view (Kubernetes view, low risk), k8s-admin (cluster-admin, group:sre approves),
                     k8s-tka (role and period from the example.com/cap/tka app capability; TKA endpoints),
                     db-migrate (high risk; a reason of 15+ characters and a ticket such as CHG-1234),
                     db-schema (high risk, one of group:sre and one of group:security approve)

        Try:  curl -s -H 'X-TailGrant-Dev-Device: alice-laptop' http://127.0.0.1:%d/api/v1/me
              ./tailgrant login k8s-view --dev-as alice-laptop --reason test --server http://127.0.0.1:%d
        Tailscale events reach TailGrant's /hooks/tailscale, signed, as they would from Tailscale:
              curl -s -X POST http://127.0.0.1:%d/sim/events -d '{"type":"userDeleted","user":"alice@example.com"}'
        """
        .formatted(
            o.serverPort(),
            o.simPort(),
            o.seedSize() > 0
                ? "\n                      generated (--seed-size "
                    + o.seedSize()
                    + "): the users and devices below come first"
                : "",
            kubernetesUrl,
            opsPort,
            o.temporalPort(),
            worker,
            configFile.toAbsolutePath(),
            o.serverPort(),
            o.serverPort(),
            o.simPort());
  }
}
