package io.tailgrant.dev.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The worker in its own JVM with a fixed heap ceiling, as an operator runs it, so its heap is
 * measured apart from the simulators, the server and Temporal that share the bench's JVM.
 */
final class ChildWorker implements AutoCloseable {
  private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private final Process process;
  private final Path log;

  private ChildWorker(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts the worker on {@code config} with at most {@code maxHeapMb} of heap; waits until ready.
   */
  static ChildWorker start(Path config, Path log, int maxHeapMb) throws IOException {
    int opsPort = BenchStack.freePort();
    Process p =
        new ProcessBuilder(
                tool("java"),
                "-Xmx" + maxHeapMb + "m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.tailgrant.dev.Launcher",
                "worker",
                "--config",
                config.toString(),
                "--ops-listen",
                "127.0.0.1:" + opsPort)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    ChildWorker worker = new ChildWorker(p, log);
    try {
      worker.awaitReady(opsPort);
    } catch (RuntimeException e) {
      worker.close();
      throw e;
    }
    return worker;
  }

  private void awaitReady(int opsPort) {
    HttpClient http = HttpClient.newHttpClient();
    URI ready = URI.create("http://127.0.0.1:" + opsPort + "/readyz");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the worker exited; its log is " + log);
      }
      try {
        if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
    }
    throw new IllegalStateException("the worker was not ready within 90 s; its log is " + log);
  }

  /** Heap in use right after a full collection, in MB (jcmd GC.run, then GC.heap_info). */
  /** CPU time the worker's JVM has used so far (zero where the platform does not say). */
  Duration cpuTime() {
    return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  double heapAfterGcMb() throws IOException, InterruptedException {
    jcmd("GC.run");
    Matcher m = USED.matcher(jcmd("GC.heap_info"));
    if (!m.find()) {
      throw new IllegalStateException("jcmd GC.heap_info gave no heap figure");
    }
    return Long.parseLong(m.group(1)) / 1024.0;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(tool("jcmd"), Long.toString(process.pid()), command)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + command + " failed: " + out);
    }
    return out;
  }

  private static String tool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
