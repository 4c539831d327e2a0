package io.tailgrant.dev.bench;

import io.tailgrant.config.ConfigLoader;
import io.tailgrant.config.TailGrantConfig;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.grant.GrantInput;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.grant.Principal;
import io.tailgrant.grant.RevokeRequest;
import io.tailgrant.grant.TargetDevice;
import io.tailgrant.grant.TimelineEvent;
import io.tailgrant.sim.SimDeviceView;
import io.tailgrant.sim.SimSeed;
import io.tailgrant.sim.SimulatedTailnet;
import io.tailgrant.temporal.TemporalConnection;
import io.tailgrant.worker.WorkerMain;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.Closeable;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code ./tailgrant bench}: grant activation latency against a bare workflow round trip (start →
 * one no-op activity → complete) on the same embedded Temporal server, worker and machine. Both are
 * measured in workflow time, from the first workflow task to the task that records the result
 * ("activated" for a grant), and printed as p50/p90/p99.
 */
public final class ActivationBenchmark {
  private ActivationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 && !args[0].startsWith("-") ? Integer.parseInt(args[0]) : 200;
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(
          "usage: tailgrant bench [ROUNDS]   (default 200; runs everything embedded on free ports)");
      return;
    }
    Path dir = Files.createTempDirectory("tailgrant-bench");
    int temporalPort = freePort();
    int simPort = freePort();
    try (io.tailgrant.sim.kubernetes.SimulatedCluster cluster =
            io.tailgrant.sim.kubernetes.SimulatedCluster.start();
        Closeable temporal = io.tailgrant.dev.LoopbackTemporal.start(temporalPort);
        SimulatedTailnet sim =
            new SimulatedTailnet(SimSeed.defaultSeed(), InstantSource.system())
                .start("127.0.0.1", simPort)) {
      Path config =
          io.tailgrant.dev.DevConfigs.write(dir, temporalPort, simPort, freePort(), "5m", cluster);
      TailGrantConfig cfg = ConfigLoader.load(config);
      // Sticky execution on, as on a production cluster (no worker dies here).
      try (WorkerMain worker = WorkerMain.start(cfg, false);
          TemporalConnection bench = TemporalConnection.connect(cfg.temporal())) {
        WorkflowClient client = bench.client();
        WorkerFactory factory = WorkerFactory.newInstance(client);
        var w = factory.newWorker("bench-bare", WorkerOptions.newBuilder().build());
        w.registerWorkflowImplementationTypes(BareRoundTrip.BareWorkflowImpl.class);
        w.registerActivitiesImplementations(new BareRoundTrip.NoopActivityImpl());
        factory.start();

        List<Long> bare = new ArrayList<>();
        List<Long> grant = new ArrayList<>();
        SimDeviceView laptop = sim.state().device("alice-laptop");
        for (int i = 0; i < rounds + 20; i++) { // the first 20 of each warm the JVMs up
          BareRoundTrip.BareWorkflow b =
              client.newWorkflowStub(
                  BareRoundTrip.BareWorkflow.class,
                  WorkflowOptions.newBuilder()
                      .setTaskQueue("bench-bare")
                      .setWorkflowId("bench-bare-" + i)
                      .build());
          long bareMs = b.run();
          long grantMs = activate(client, cfg, laptop);
          if (i >= 20) {
            bare.add(bareMs);
            grant.add(grantMs);
          }
        }
        factory.shutdownNow();
        report("bare round trip (start → no-op activity → complete)", bare);
        report("grant activation (request → activated)", grant);
        System.out.printf(
            "ratio of p50s: %.2f (target ≤ 2.0)%n",
            percentile(grant, 50) / Math.max(1.0, percentile(bare, 50)));
      }
    }
    System.exit(0);
  }

  /** One low-risk posture grant on alice's laptop, revoked at once after it is active. */
  private static long activate(WorkflowClient client, TailGrantConfig cfg, SimDeviceView laptop) {
    String id = GrantIds.newGrantId();
    GrantWorkflow wf =
        client.newWorkflowStub(
            GrantWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(GrantIds.grantWorkflowId(id))
                .setTaskQueue(cfg.temporal().taskQueue())
                .build());
    WorkflowClient.start(
        wf::run,
        new GrantInput(
            id,
            cfg.spec(cfg.grantType("ssh-prod").orElseThrow()),
            new Principal("alice@example.com", "Alice", laptop.nodeId(), laptop.hostname()),
            new TargetDevice(laptop.nodeId(), laptop.hostname(), "alice@example.com", List.of()),
            Duration.ofHours(1),
            "bench",
            java.time.Instant.now(),
            null));
    GrantView v = wf.view();
    while (v.status() != GrantStatus.ACTIVE) {
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L);
      v = wf.view();
    }
    TimelineEvent activated =
        v.timeline().stream().filter(e -> e.action().equals("activated")).findFirst().orElseThrow();
    long ms = Duration.between(v.requestedAt(), activated.at()).toMillis();
    wf.revoke(new RevokeRequest("alice@example.com", "bench", id));
    return ms;
  }

  private static void report(String what, List<Long> ms) {
    System.out.printf(
        "%-55s n=%d  p50=%.0f ms  p90=%.0f ms  p99=%.0f ms%n",
        what, ms.size(), percentile(ms, 50), percentile(ms, 90), percentile(ms, 99));
  }

  static double percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
