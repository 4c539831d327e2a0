package io.tailgrant.dev.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many people at once on the pages: concurrent clients each fetch the home page, the approvals
 * inbox and a grant's page in turn; every response's time is measured, every non-200 counted.
 */
final class PagesScenario {
  private static final Pattern ID = Pattern.compile("\"id\":\"(g-[a-z0-9]+)\"");

  void run(BenchStack stack, int clients, int requests, BenchReport report) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String grant = pendingGrant(stack, http);
    List<String> pages = List.of("/", "/approvals", "/grants/" + grant);
    // Bob sees all three: his grants, his inbox (alice's grant waits for him) and that grant.
    warmUp(stack, http, pages);
    List<Double> times = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long t0 = System.nanoTime();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        running.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    long start = System.nanoTime();
                    int status = get(stack, http, pages.get(i % pages.size()));
                    times.add(LatencyScenario.ms(start));
                    if (status != 200) {
                      errors.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Percentiles p = Percentiles.of(times);
    report.figure(
        clients + " clients, " + requests + " pages (home, inbox, a grant)", p.toString(), null);
    report.figure("page p99", String.format("%.1f ms", p.p99()), "≤ 50 ms");
    report.figure("throughput", String.format("%.0f pages/s", requests / seconds), null);
    report.figure("errors (non-200)", Integer.toString(errors.get()), "0");
  }

  private static String pendingGrant(BenchStack stack, HttpClient http) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.baseUrl + "/api/v1/grants"))
                .header("X-TailGrant-Dev-Device", "alice-laptop")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"grantType\":\"db-admin\",\"duration\":\"30m\",\"reason\":\"bench\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher m = ID.matcher(r.body());
    if (!m.find()) {
      throw new IllegalStateException("no grant: " + r.statusCode() + " " + r.body());
    }
    return m.group(1);
  }

  private static void warmUp(BenchStack stack, HttpClient http, List<String> pages)
      throws Exception {
    for (int i = 0; i < 60; i++) {
      get(stack, http, pages.get(i % pages.size()));
    }
  }

  private static int get(BenchStack stack, HttpClient http, String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(stack.baseUrl + path))
                  .header("X-TailGrant-Dev-Device", "bob-laptop")
                  .timeout(Duration.ofSeconds(30))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
