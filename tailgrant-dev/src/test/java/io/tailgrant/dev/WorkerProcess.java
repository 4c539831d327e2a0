package io.tailgrant.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Starts a worker in its own JVM, as an operator would, with its output in a log file. */
final class WorkerProcess {
  private WorkerProcess() {}

  static Process start(Path config, Path log) throws IOException {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            javaBin,
            // A worker restarted in a drill should poll again as soon as it can: C1 alone compiles
            // the start-up path with the least CPU, and one GC thread leaves the other core free.
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            "io.tailgrant.dev.Launcher",
            "worker",
            "--config",
            config.toString(),
            "--embedded-temporal")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /**
   * Waits until {@code worker} logs that it polls its task queue: until then the server's requests
   * that need the worker (a target's inventory, a grant's state) wait for it.
   */
  static void awaitPolling(Process worker, Path log) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.exists(log) || !Files.readString(log).contains("worker polling task queue")) {
      if (System.nanoTime() > deadline || !worker.isAlive()) {
        throw new AssertionError(
            "worker did not start: " + (Files.exists(log) ? Files.readString(log) : "no log"));
      }
      LockSupport.parkNanos(50_000_000L); // poll interval
    }
  }
}
