package io.tailgrant.dev.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * CPU time spent while grants activate, split between the worker's JVM and this one (the embedded
 * Temporal, the server, the simulated tailnet and the bench's clients): what bounds the activation
 * rate on a machine of this many cores, whatever else runs beside the bench.
 */
final class CpuUse {
  private final ChildWorker worker;
  private final long benchNanos;
  private final Duration workerAtStart;

  private CpuUse(ChildWorker worker) {
    this.worker = worker;
    this.benchNanos = benchCpuNanos();
    this.workerAtStart = worker == null ? Duration.ZERO : worker.cpuTime();
  }

  static CpuUse start(ChildWorker worker) {
    return new CpuUse(worker);
  }

  /** Reports CPU milliseconds per grant since the start, and the rate the cores would allow. */
  void report(BenchReport report, int grants, double seconds) {
    double bench = (benchCpuNanos() - benchNanos) / 1e6 / grants;
    double work =
        worker == null ? 0 : worker.cpuTime().minus(workerAtStart).toNanos() / 1e6 / grants;
    int cores = Runtime.getRuntime().availableProcessors();
    report.figure(
        "CPU per activated grant (worker JVM + Temporal, server, simulator JVM)",
        String.format(
            "%.1f + %.1f ms; %d cores allow at most %.0f /s; cores busy %.0f%%",
            work,
            bench,
            cores,
            cores * 1000 / (work + bench),
            (work + bench) * grants / 1000 / seconds / cores * 100),
        null);
  }

  private static long benchCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
