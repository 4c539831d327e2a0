package io.tailgrant.dev.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.sim.ExposureLog;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Many grants live at once: {@code grants} tag grants over {@code nodes} tagged devices (two tags
 * per device, so every removal is a real change), requested over HTTP by many people at once, with
 * ends spread from {@code firstEnd} to twice that after the request. Measures how fast they become
 * visible on the devices, how late each tag goes after its grant's end (the simulator's own change
 * time against the grant's {@code expiresAt}), Tailscale API calls per grant, the worker's heap
 * after a full collection while all are live (the worker in its own JVM), and the Temporal
 * histories of the busiest device manager and the directory.
 */
final class ScaleScenario {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_DEVICE = "carol-laptop";
  private static final int REQUEST_THREADS = 16;

  /** The worker's heap ceiling in this scenario: the target it is held to. */
  static final int WORKER_HEAP_MB = 512;

  /** A grant the scenario asked for: where its tag goes and which tag. */
  private record Asked(String id, String nodeId, String tag) {}

  void run(BenchStack stack, int grants, int nodes, Duration firstEnd, BenchReport report)
      throws Exception {
    BenchHttp http = new BenchHttp(stack.baseUrl);
    List<String> requesters = BenchTailnet.requesterDevices(stack.sim.state().seed());
    stack.sim.calls().reset();
    CpuUse cpu = CpuUse.start(stack.childWorker);
    Instant t0 = Instant.now();
    List<Asked> asked = request(stack, http, grants, nodes, firstEnd, requesters);
    double requestSeconds = Duration.between(t0, Instant.now()).toNanos() / 1e9;
    Map<Asked, ExposureLog.Interval> shown =
        awaitTags(stack, asked, t0, false, Duration.ofMinutes(5));
    Instant lastShown =
        shown.values().stream()
            .map(ExposureLog.Interval::from)
            .max(Instant::compareTo)
            .orElseThrow();
    double activationSeconds = Duration.between(t0, lastShown).toNanos() / 1e9;
    report.figure(
        "grants requested over HTTP ("
            + REQUEST_THREADS
            + " clients, "
            + requesters.size()
            + " requesters)",
        String.format("%d in %.1f s", grants, requestSeconds),
        null);
    report.figure(
        "activations per second (first request → last tag visible)",
        String.format(
            "%.1f /s (%d in %.1f s)", grants / activationSeconds, grants, activationSeconds),
        "≥ 20 /s");
    cpu.report(report, grants, activationSeconds);
    if (stack.childWorker != null) {
      report.figure(
          "worker heap after a full GC, " + grants + " grants live",
          String.format(
              "%.0f MB (worker JVM -Xmx%dm)", stack.childWorker.heapAfterGcMb(), WORKER_HEAP_MB),
          "≤ 512 MB");
    }
    Map<String, Instant> ends = awaitExpiries(http, asked);
    Instant lastEnd = ends.values().stream().max(Instant::compareTo).orElseThrow();
    Duration wait = Duration.between(Instant.now(), lastEnd).plusMinutes(2);
    Map<Asked, ExposureLog.Interval> gone = awaitTags(stack, asked, t0, true, wait);
    List<Double> lateness = new ArrayList<>();
    for (Asked a : asked) {
      lateness.add(Duration.between(ends.get(a.id()), gone.get(a).to()).toNanos() / 1e6);
    }
    Percentiles late = Percentiles.of(lateness);
    report.figure("revocation lateness (grant end → tag gone)", late.toString(), null);
    report.figure("revocation lateness p99", String.format("%.0f ms", late.p99()), "≤ 1 s");
    report.figure("revocation lateness max", String.format("%.0f ms", late.max()), "≤ 2 s");
    Map<String, Long> calls = stack.sim.calls().snapshot();
    long lists =
        calls.entrySet().stream()
            .filter(e -> e.getKey().startsWith("GET /api/v2/tailnet/"))
            .mapToLong(Map.Entry::getValue)
            .sum();
    long total = calls.values().stream().mapToLong(Long::longValue).sum();
    report.figure(
        "Tailscale API calls per grant lifecycle (device lists apart)",
        String.format(
            "%.2f (%d calls for %d grants; %d device lists)",
            (double) (total - lists) / grants, total - lists, grants, lists),
        "≤ 4");
    report.note("API calls by route: " + calls);
    histories(stack, nodes, report);
  }

  private static List<Asked> request(
      BenchStack stack,
      BenchHttp http,
      int grants,
      int nodes,
      Duration firstEnd,
      List<String> requesters)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(REQUEST_THREADS);
    try {
      List<Future<Asked>> futures = new ArrayList<>();
      for (int i = 0; i < grants; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () -> {
                  // A node's second grant comes a whole round later, so a device manager is not
                  // asked twice while it starts. (What was taken for a lost race was the Java test
                  // server failing the SDK's resend of an update-with-start that a busy manager
                  // had not accepted within 10 s; see UpdateWithStart.)
                  String node = BenchTailnet.node(n % nodes);
                  int second = (n / nodes) % 2;
                  String tag = BenchTailnet.GRANT_TAGS.get(second);
                  long seconds = firstEnd.toSeconds() + firstEnd.toSeconds() * n / grants;
                  String id =
                      http.post(
                          requesters.get(n % requesters.size()),
                          "/api/v1/grants",
                          "{\"grantType\":\"bench-"
                              + (second == 0 ? "a" : "b")
                              + "\",\"target\":\""
                              + node
                              + "\",\"duration\":\""
                              + seconds
                              + "s\",\"reason\":\"bench\"}");
                  return new Asked(id, stack.sim.state().device(node).nodeId(), tag);
                }));
      }
      List<Asked> asked = new ArrayList<>();
      for (Future<Asked> f : futures) {
        asked.add(f.get());
      }
      return asked;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Each grant's tag interval on its device that began after {@code since}: once there is one for
   * all of them (closed ones only when {@code closed}), within {@code within}.
   */
  private static Map<Asked, ExposureLog.Interval> awaitTags(
      BenchStack stack, List<Asked> asked, Instant since, boolean closed, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Map<String, ExposureLog.Interval> byKey = new HashMap<>();
      for (ExposureLog.Interval i : stack.sim.state().exposure().intervals()) {
        // Added: when it showed, even if it has gone since (under load the first grants may end
        // before the last one shows). Removed: only once it has gone.
        if (i.kind().equals("tag") && !i.from().isBefore(since) && (!closed || i.to() != null)) {
          byKey.put(i.nodeId() + "|" + i.name(), i);
        }
      }
      Map<Asked, ExposureLog.Interval> found = new HashMap<>();
      for (Asked a : asked) {
        ExposureLog.Interval i = byKey.get(a.nodeId() + "|" + a.tag());
        if (i != null) {
          found.put(a, i);
        }
      }
      if (found.size() == asked.size()) {
        return found;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            (asked.size() - found.size())
                + " of "
                + asked.size()
                + " tags were not "
                + (closed ? "removed" : "added")
                + " within "
                + within.toSeconds()
                + " s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  /**
   * Every grant's {@code expiresAt}, from the admin's list of all grants once it shows them all.
   */
  private static Map<String, Instant> awaitExpiries(BenchHttp http, List<Asked> asked)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      Map<String, Instant> ends = new HashMap<>();
      // Every page of the open grants (the list pages, 500 at most a page).
      String token = null;
      do {
        JsonNode page =
            JSON.readTree(
                http.get(
                        ADMIN_DEVICE,
                        "/api/v1/grants?view=all&limit=500"
                            + (token == null ? "" : "&pageToken=" + token))
                    .body());
        for (JsonNode g : page.path("grants")) {
          if (g.hasNonNull("expiresAt")) {
            ends.put(g.get("id").asText(), Instant.parse(g.get("expiresAt").asText()));
          }
        }
        token = page.path("nextPageToken").asText(null);
      } while (token != null);
      if (asked.stream().allMatch(a -> ends.containsKey(a.id()))) {
        return ends;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the admin's list did not show every grant's end");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
    }
  }

  /** History length and size of the busiest device manager and of the directory. */
  private static void histories(BenchStack stack, int nodes, BenchReport report) {
    WorkflowExecutionInfo busiest = null;
    for (int i = 0; i < nodes; i++) {
      String nodeId = stack.sim.state().device(BenchTailnet.node(i)).nodeId();
      WorkflowExecutionInfo info = describe(stack, GrantIds.deviceWorkflowId(nodeId));
      if (busiest == null || info.getHistoryLength() > busiest.getHistoryLength()) {
        busiest = info;
      }
    }
    report.figure(
        "busiest device manager's history (current run)",
        history(stack, busiest.getExecution().getWorkflowId()),
        null);
    report.figure(
        "directory's history (current run)", history(stack, GrantIds.DIRECTORY_WORKFLOW_ID), null);
  }

  private static WorkflowExecutionInfo describe(BenchStack stack, String workflowId) {
    return stack
        .client
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(stack.config.temporal().namespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .build())
        .getWorkflowExecutionInfo();
  }

  private static String history(BenchStack stack, String workflowId) {
    var history = stack.client.fetchHistory(workflowId).getHistory();
    return String.format(
        "%d events, %.1f KiB", history.getEventsCount(), history.getSerializedSize() / 1024.0);
  }
}
