package io.tailgrant.dev.bench;

import io.tailgrant.sim.SimDeviceView;
import io.temporal.client.WorkflowOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a user feels, through the real interfaces: an HTTP request until the access is visible on
 * the (simulated) device, an HTTP revoke until it is gone, and beside them, on the same Temporal, a
 * bare workflow round trip (start, one no-op activity, result) measured the same way, from the
 * client. Rounds interleave so all three see the same conditions.
 */
final class LatencyScenario {
  private static final String DEVICE = "alice-laptop";
  private static final String KEY = "custom:tailgrant_ssh_prod";
  private static final Pattern ID = Pattern.compile("\"id\":\"(g-[a-z0-9]+)\"");
  private static final int WARM_UP = 20;

  private final HttpClient http = HttpClient.newHttpClient();

  void run(BenchStack stack, int rounds, BenchReport report) throws Exception {
    List<Double> bare = new ArrayList<>();
    List<Double> visible = new ArrayList<>();
    List<Double> gone = new ArrayList<>();
    for (int i = 0; i < rounds + WARM_UP; i++) {
      double b = bareRoundTrip(stack, i);
      long t0 = System.nanoTime();
      String id =
          post(
              stack,
              "/api/v1/grants",
              "{\"grantType\":\"ssh-prod\",\"duration\":\"1h\",\"reason\":\"bench\"}");
      await(stack, d -> d.attributes().containsKey(KEY));
      double v = ms(t0);
      long t1 = System.nanoTime();
      post(stack, "/api/v1/grants/" + id + "/revoke", "{\"reason\":\"bench\"}");
      await(stack, d -> !d.attributes().containsKey(KEY));
      double g = ms(t1);
      if (i >= WARM_UP) {
        bare.add(b);
        visible.add(v);
        gone.add(g);
      }
    }
    Percentiles pb = Percentiles.of(bare);
    Percentiles pv = Percentiles.of(visible);
    Percentiles pg = Percentiles.of(gone);
    report.figure(
        "bare workflow round trip (start → no-op activity → result)", pb.toString(), null);
    report.figure("HTTP request → access visible on the device", pv.toString(), null);
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

  /** Polls the simulated device in this JVM (no HTTP hop) until {@code done}, for at most 30 s. */
  private static void await(BenchStack stack, Predicate<SimDeviceView> done) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!done.test(stack.sim.state().device(DEVICE))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the device did not change within 30 s");
      }
      LockSupport.parkNanos(100_000L);
    }
  }

  static String ratio(double a, double b) {
    return String.format("%.2f×", a / Math.max(0.001, b));
  }

  static double ms(long since) {
    return (System.nanoTime() - since) / 1_000_000.0;
  }
}
