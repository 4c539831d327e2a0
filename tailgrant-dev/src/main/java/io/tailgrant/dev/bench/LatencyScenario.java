package io.tailgrant.dev.bench;

import io.tailgrant.grant.GrantIds;
import io.tailgrant.sim.ExposureLog;
import io.temporal.client.WorkflowOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a user feels, through the real interfaces: an HTTP request until the access is visible on
 * the (simulated) device, an HTTP revoke until it is gone, and beside them, on the same Temporal, a
 * bare workflow round trip (start, one no-op activity, result) measured the same way, from the
 * client. Rounds interleave so all three see the same conditions. When the device changed is the
 * simulator's own timestamp (its exposure log), so a slow HTTP answer does not hide a fast change.
 */
final class LatencyScenario {
  private static final String DEVICE = "alice-laptop";
  private static final String KEY = "custom:tailgrant_ssh_prod";
  private static final Pattern ID = Pattern.compile("\"id\":\"(g-[a-z0-9]+)\"");
  private static final int WARM_UP = 20;

  private final HttpClient http = HttpClient.newHttpClient();

  void run(BenchStack stack, int rounds, boolean trace, BenchReport report) throws Exception {
    List<Double> bare = new ArrayList<>();
    List<Double> answered = new ArrayList<>();
    List<Double> visible = new ArrayList<>();
    List<Double> gone = new ArrayList<>();
    String node = stack.sim.state().device(DEVICE).nodeId();
    for (int i = 0; i < rounds + WARM_UP; i++) {
      double b = bareRoundTrip(stack, i);
      Instant t0 = Instant.now();
      String id =
          post(
              stack,
              "/api/v1/grants",
              "{\"grantType\":\"ssh-prod\",\"duration\":\"1h\",\"reason\":\"bench\"}");
      double a = millisSince(t0);
      ExposureLog.Interval shown = await(stack, node, t0, false);
      // As a user would: revoke once the grant shows as active (not mid-activation).
      awaitActive(stack, id);
      Instant t1 = Instant.now();
      post(stack, "/api/v1/grants/" + id + "/revoke", "{\"reason\":\"bench\"}");
      ExposureLog.Interval ended = await(stack, node, t0, true);
      double v = Duration.between(t0, shown.from()).toNanos() / 1e6;
      double g = Duration.between(t1, ended.to()).toNanos() / 1e6;
      if (i >= WARM_UP) {
        bare.add(b);
        answered.add(a);
        visible.add(v);
        gone.add(g);
      }
      if (trace && i == rounds + WARM_UP - 1) {
        System.out.printf(
            "last round: visible at %.1f ms; revoke sent at %.1f ms, access gone %.1f ms later%n",
            v, Duration.between(t0, t1).toNanos() / 1e6, g);
        HistoryTrace.print(stack.client, GrantIds.grantWorkflowId(id), t0.toEpochMilli());
        HistoryTrace.print(stack.client, GrantIds.deviceWorkflowId(node), t0.toEpochMilli());
      }
    }
    Percentiles pb = Percentiles.of(bare);
    Percentiles pv = Percentiles.of(visible);
    Percentiles pg = Percentiles.of(gone);
    report.figure(
        "bare workflow round trip (start → no-op activity → result)", pb.toString(), null);
    report.figure("HTTP request → access visible on the device", pv.toString(), null);
    report.figure("HTTP request → response", Percentiles.of(answered).toString(), null);
    report.figure("HTTP revoke → access gone from the device", pg.toString(), null);
    report.figure("request → visible, p50 / bare p50", ratio(pv.p50(), pb.p50()), "≤ 2×");
    report.figure("request → visible, p99 / bare p99", ratio(pv.p99(), pb.p99()), "≤ 3×");
    report.figure("revoke → gone, p50 / bare p50", ratio(pg.p50(), pb.p50()), "≤ 2×");
  }

  private static double bareRoundTrip(BenchStack stack, int i) {
    BareRoundTrip.BareWorkflow wf =
        stack.client.newWorkflowStub(
            BareRoundTrip.BareWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(BenchStack.BARE_QUEUE)
                .setWorkflowId("bench-bare-" + System.nanoTime() + "-" + i)
                .build());
    long t0 = System.nanoTime();
    wf.run();
    return ms(t0);
  }

  private void awaitActive(BenchStack stack, String id) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(stack.baseUrl + "/api/v1/grants/" + id))
                  .header("X-TailGrant-Dev-Device", DEVICE)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.body().contains("\"status\":\"active\"")) {
        return;
      }
      LockSupport.parkNanos(1_000_000L);
    }
    throw new IllegalStateException(id + " did not show as active within 30 s");
  }

  private String post(BenchStack stack, String path, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.baseUrl + path))
                .header("X-TailGrant-Dev-Device", DEVICE)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
    }
    Matcher m = ID.matcher(r.body());
    return m.find() ? m.group(1) : null;
  }

  /**
   * Waits (at most 30 s) for the device's interval of the grant's attribute that began after {@code
   * since} to be open, or closed when {@code closed}: the simulator stamps when it changed, so the
   * time is the device's, not this poll's.
   */
  private static ExposureLog.Interval await(
      BenchStack stack, String node, Instant since, boolean closed) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (ExposureLog.Interval i : stack.sim.state().exposure().intervals()) {
        if (i.nodeId().equals(node)
            && i.name().equals(KEY)
            && !i.from().isBefore(since)
            && (i.to() != null) == closed) {
          return i;
        }
      }
      LockSupport.parkNanos(200_000L);
    }
    throw new IllegalStateException("the device did not change within 30 s");
  }

  static double millisSince(Instant t0) {
    return Duration.between(t0, Instant.now()).toNanos() / 1e6;
  }

  static String ratio(double a, double b) {
    return String.format("%.2f×", a / Math.max(0.001, b));
  }

  static double ms(long since) {
    return (System.nanoTime() - since) / 1_000_000.0;
  }
}
