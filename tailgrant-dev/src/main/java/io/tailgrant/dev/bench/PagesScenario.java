package io.tailgrant.dev.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many people at once on the pages: concurrent clients each fetch the home page, the approvals
 * inbox and a grant's page in turn; every response's time is measured, every non-200 counted.
 */
final class PagesScenario {
  private static final String BOB = "bob-laptop";

  void run(BenchStack stack, int clients, int requests, BenchReport report) throws Exception {
    BenchHttp http = new BenchHttp(stack.baseUrl);
    // Bob sees all three: his grants, his inbox (alice's grant waits for him) and that grant.
    String grant =
        http.post(
            "alice-laptop",
            "/api/v1/grants",
            "{\"grantType\":\"db-admin\",\"duration\":\"30m\",\"reason\":\"bench\"}");
    List<String> pages = List.of("/", "/approvals", "/grants/" + grant);
    for (int i = 0; i < 60; i++) {
      http.status(BOB, pages.get(i % pages.size()));
    }
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
                    int status = http.status(BOB, pages.get(i % pages.size()));
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
}
