package io.tailgrant.dev.bench;

import io.tailgrant.config.ConfigLoader;
import io.tailgrant.config.TailGrantConfig;
import io.tailgrant.dev.DevConfigs;
import io.tailgrant.dev.LoopbackTemporal;
import io.tailgrant.server.ServerMain;
import io.tailgrant.sim.SimSeed;
import io.tailgrant.sim.SimulatedTailnet;
import io.tailgrant.sim.kubernetes.SimulatedCluster;
import io.tailgrant.temporal.TemporalConnection;
import io.tailgrant.worker.WorkerMain;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The whole system for a benchmark, in this JVM on free loopback ports: embedded Temporal, the
 * simulated tailnet (read in-process, so "visible on the device" is measured without an HTTP hop),
 * the simulated cluster, the worker (sticky execution on, as on a production cluster) and the
 * server, plus a bare yardstick worker on the same Temporal.
 */
final class BenchStack implements AutoCloseable {
  static final String BARE_QUEUE = "bench-bare";

  final SimulatedTailnet sim;
  final TailGrantConfig config;
  final String baseUrl;
  final WorkflowClient client;

  /** The worker when it runs in its own JVM, else null. */
  final ChildWorker childWorker;

  private final Deque<AutoCloseable> running = new ArrayDeque<>();

  BenchStack(SimSeed seed, String reconcileInterval) throws IOException {
    this(new Setup(seed, reconcileInterval, "", 0));
  }

  /**
   * What a scenario needs of the stack: the tailnet, the reconcile interval, grant types added to
   * the dev ones (YAML list items), and the worker's heap ceiling when it runs in its own JVM (0:
   * in this one).
   */
  record Setup(SimSeed seed, String reconcileInterval, String extraGrantTypes, int workerHeapMb) {}

  BenchStack(Setup setup) throws IOException {
    SimSeed seed = setup.seed();
    String reconcileInterval = setup.reconcileInterval();
    Path dir = Files.createTempDirectory("tailgrant-bench");
    int temporalPort = freePort();
    int serverPort = freePort();
    try {
      SimulatedCluster cluster = SimulatedCluster.start();
      running.push(cluster);
      running.push(LoopbackTemporal.start(temporalPort));
      sim = new SimulatedTailnet(seed, InstantSource.system()).start("127.0.0.1", freePort());
      running.push(sim);
      Path file =
          DevConfigs.write(dir, temporalPort, sim.port(), serverPort, reconcileInterval, cluster);
      // One requester opens many grants in a run: the open-grant limit is not what is measured.
      String yaml =
          Files.readString(file)
              .replace("grantTypes:\n", "grantTypes:\n" + setup.extraGrantTypes());
      Files.writeString(file, yaml + "\nlimits:\n  openGrantsPerRequester: 1000\n");
      config = ConfigLoader.load(file);
      if (setup.workerHeapMb() > 0) {
        childWorker = ChildWorker.start(file, dir.resolve("worker.log"), setup.workerHeapMb());
        running.push(childWorker);
      } else {
        childWorker = null;
        WorkerMain worker = WorkerMain.start(config, false).shutdownGrace(Duration.ofSeconds(2));
        running.push(worker);
      }
      running.push(ServerMain.start(config, true, null));
      baseUrl = "http://127.0.0.1:" + serverPort;
      TemporalConnection connection = TemporalConnection.connect(config.temporal());
      running.push(connection);
      client = connection.client();
      WorkerFactory bare = WorkerFactory.newInstance(client);
      bare.newWorker(BARE_QUEUE)
          .registerWorkflowImplementationTypes(BareRoundTrip.BareWorkflowImpl.class);
      bare.getWorker(BARE_QUEUE)
          .registerActivitiesImplementations(new BareRoundTrip.NoopActivityImpl());
      bare.start();
      running.push(bare::shutdownNow);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public void close() {
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        System.err.println("while stopping the bench stack: " + e.getMessage());
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
