package io.tailgrant.directory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.tailgrant.grant.GrantStatus;
import io.temporal.client.WorkflowClient;
import java.time.Duration;

/**
 * {@code tailgrant_grants_active}: grants holding access now, as the directory lists them (read at
 * most every 15 s).
 */
public final class GrantGauges {
  private static final Duration REFRESH = Duration.ofSeconds(15);
  private final WorkflowClient client;
  private final String taskQueue;
  private long readAt;
  private double active = Double.NaN;

  private GrantGauges(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  public static void register(WorkflowClient client, String taskQueue) {
    GrantGauges g = new GrantGauges(client, taskQueue);
    // A worker restarted in the same JVM (dev stack, tests) replaces the old one's gauge.
    Metrics.globalRegistry
        .find("tailgrant.grants.active")
        .gauges()
        .forEach(Metrics.globalRegistry::remove);
    Gauge.builder("tailgrant.grants.active", g, GrantGauges::active)
        .description("grants whose access is in place (active or being extended)")
        .strongReference(true)
        .register(Metrics.globalRegistry);
  }

  private synchronized double active() {
    long now = System.nanoTime();
    if (Double.isNaN(active) || now - readAt > REFRESH.toNanos()) {
      try {
        active =
            Directory.call(client, taskQueue, GrantDirectoryWorkflow::grants).stream()
                .filter(s -> s.status() == GrantStatus.ACTIVE)
                .count();
        readAt = now;
      } catch (RuntimeException e) {
        return Double.NaN;
      }
    }
    return active;
  }
}
