package io.tailgrant.directory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.tailgrant.grant.GrantStatus;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Gauges of the whole tailnet's grants, read from the directory (at most every 15 s): {@code
 * tailgrant_grants_active}, grants holding access now, and {@code tailgrant_removal_stuck}, grants
 * whose access removal has gone on for the alert threshold or longer (down again once it succeeds),
 * and {@code tailgrant_breakglass_awaiting_review}, break-glass grants active and not reviewed yet,
 * and {@code tailgrant_grants_scheduled}, approved grants waiting for their start (no access yet).
 * Every worker replica reads the same directory and so reports the same global value: aggregate
 * with {@code max}, never {@code sum}.
 */
public final class GrantGauges {
  static final String ACTIVE = "tailgrant.grants.active";
  static final String REMOVAL_STUCK = "tailgrant.removal.stuck";
  static final String AWAITING_REVIEW = "tailgrant.breakglass.awaiting.review";
  static final String SCHEDULED = "tailgrant.grants.scheduled";
  private static final Duration REFRESH = Duration.ofSeconds(15);

  private final WorkflowClient client;
  private final String taskQueue;
  private final Clock clock;
  private final Duration stuckAfter;
  private Instant readAt;
  private Counts counts;

  /** What one directory read found. */
  record Counts(double active, double removalStuck, double awaitingReview, double scheduled) {
    static final Counts UNKNOWN = new Counts(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    static Counts of(List<GrantSummary> grants, Instant now, Duration stuckAfter) {
      return new Counts(
          grants.stream().filter(s -> s.status() == GrantStatus.ACTIVE).count(),
          grants.stream().filter(s -> s.removalStuck(now, stuckAfter)).count(),
          grants.stream().filter(s -> s.awaitsReview(now)).count(),
          grants.stream().filter(s -> s.status() == GrantStatus.SCHEDULED).count());
    }
  }

  GrantGauges(WorkflowClient client, String taskQueue, Clock clock, Duration stuckAfter) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.clock = clock;
    this.stuckAfter = stuckAfter;
  }

  /**
   * Registers the gauges in the global registry; {@code stuckAfter} is the threshold the admins'
   * stuck-removal alert uses ({@code notifications.removalAlertAfter}).
   */
  public static void register(
      WorkflowClient client, String taskQueue, Clock clock, Duration stuckAfter) {
    new GrantGauges(client, taskQueue, clock, stuckAfter).registerIn(Metrics.globalRegistry);
  }

  void registerIn(MeterRegistry registry) {
    // A worker restarted in the same JVM (dev stack, tests) replaces the old one's gauges.
    for (String name : List.of(ACTIVE, REMOVAL_STUCK, AWAITING_REVIEW, SCHEDULED)) {
      registry.find(name).gauges().forEach(registry::remove);
    }
    Gauge.builder(ACTIVE, this, g -> g.read().active())
        .description(
            "grants whose access is in place (active or being extended), tailnet-wide: the same in"
                + " every worker replica")
        .strongReference(true)
        .register(registry);
    Gauge.builder(REMOVAL_STUCK, this, g -> g.read().removalStuck())
        .description(
            "grants whose access removal has taken removalAlertAfter or longer and goes on,"
                + " tailnet-wide: the same in every worker replica")
        .strongReference(true)
        .register(registry);
    Gauge.builder(AWAITING_REVIEW, this, g -> g.read().awaitingReview())
        .description(
            "break-glass grants active without approval and not reviewed yet, tailnet-wide: the"
                + " same in every worker replica")
        .strongReference(true)
        .register(registry);
    Gauge.builder(SCHEDULED, this, g -> g.read().scheduled())
        .description(
            "approved grants waiting for their scheduled start (no access yet), tailnet-wide: the"
                + " same in every worker replica")
        .strongReference(true)
        .register(registry);
  }

  /** The counts, read again when older than 15 s; unknown (NaN) while the directory is not. */
  synchronized Counts read() {
    Instant now = clock.instant();
    if (counts == null || !now.isBefore(readAt.plus(REFRESH))) {
      try {
        counts = Counts.of(DirectoryPages.readAll(client, taskQueue), now, stuckAfter);
        readAt = now;
      } catch (RuntimeException e) {
        return Counts.UNKNOWN;
      }
    }
    return counts;
  }
}
