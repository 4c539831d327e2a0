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
