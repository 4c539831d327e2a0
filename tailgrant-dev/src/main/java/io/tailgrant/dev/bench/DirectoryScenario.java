package io.tailgrant.dev.bench;

import io.tailgrant.directory.GrantDirectoryWorkflow;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.Risk;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The directory's limit: every grant's every status change is one signal to one workflow. Sends
 * {@code changes} grant summaries as fast as {@code 8} clients can, and measures how fast the
 * directory absorbs them (until its query lists them all) and what its list query costs with them
 * open.
 */
final class DirectoryScenario {
  private static final int CLIENTS = 8;
  private static final String PREFIX = "g-dirbench";

  void run(BenchStack stack, int changes, BenchReport report) throws Exception {
    GrantDirectoryWorkflow directory =
        stack.client.newWorkflowStub(GrantDirectoryWorkflow.class, GrantIds.DIRECTORY_WORKFLOW_ID);
    directory.grants(); // started by the worker: wait for it to answer
    Instant at = Instant.now();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        sent.add(
            pool.submit(
                () -> {
                  for (int i = client; i < changes; i += CLIENTS) {
                    directory.record(summary(i, at));
                  }
                  return null;
                }));
      }
      for (Future<?> f : sent) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double sentSeconds = (System.nanoTime() - t0) / 1e9;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (listed(directory) < changes) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the directory did not list every change within 5 min");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    double absorbedSeconds = (System.nanoTime() - t0) / 1e9;
    report.figure(
        "grant changes sent to the directory (" + CLIENTS + " clients)",
        String.format("%d in %.1f s (%.0f /s)", changes, sentSeconds, changes / sentSeconds),
        null);
    report.figure(
        "grant changes absorbed (sent → all listed)",
        String.format("%.0f /s", changes / absorbedSeconds),
        null);
    List<Double> queries = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      long q = System.nanoTime();
      directory.grants();
      queries.add(LatencyScenario.ms(q));
    }
    report.figure(
        "directory list query with " + changes + " open grants",
        Percentiles.of(queries).toString(),
        null);
  }

  private static long listed(GrantDirectoryWorkflow directory) {
    return directory.grants().stream().filter(g -> g.id().startsWith(PREFIX)).count();
  }

  private static GrantSummary summary(int i, Instant at) {
    return new GrantSummary(
        String.format("%s%06d", PREFIX, i),
        "bench-a",
        GrantKind.TAGS,
        Risk.LOW,
        "bench@example.com",
        "n" + i,
        BenchTailnet.node(i),
        List.of(BenchTailnet.GRANT_TAGS.get(0)),
        null,
        GrantStatus.ACTIVE,
        List.of(),
        List.of(),
        "bench",
        at,
        at,
        at.plusSeconds(3600),
        null,
        1,
        null,
        null,
        null,
        null,
        false,
        null,
        false,
        false,
        null,
        null,
        List.of(),
        null);
  }
}
