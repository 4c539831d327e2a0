package io.tailgrant.dev;

import java.io.IOException;
import java.nio.file.Path;

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
}
