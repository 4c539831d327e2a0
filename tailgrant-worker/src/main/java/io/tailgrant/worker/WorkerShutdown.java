package io.tailgrant.worker;

import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a worker the way an orchestrator expects: stop taking new tasks, let the running ones
 * finish within the grace period (Kubernetes gives the pod 60 s), and only then interrupt what is
 * left. An interrupted activity is retried elsewhere, but a finished one costs nothing twice.
 */
public final class WorkerShutdown {
  /** Within Kubernetes' 60 s termination grace, with room for the JVM to exit. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(50);

  private static final Logger log = LoggerFactory.getLogger(WorkerShutdown.class);

  private WorkerShutdown() {}

  /**
   * True when every running task finished within {@code grace}; false when some were interrupted.
   */
  public static boolean stop(WorkerFactory factory, Duration grace) {
    factory.shutdown();
    factory.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    if (factory.isTerminated()) {
      return true;
    }
    log.warn("worker tasks still running after {}; interrupting them", grace);
    factory.shutdownNow();
    factory.awaitTermination(5, TimeUnit.SECONDS);
    return false;
  }
}
