package io.tailgrant.directory;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.ReviewDecision;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Grant outcomes and timings, recorded as grants publish their state (each publication is one
 * change, so every grant passes here once per state): grants by type and outcome, activation
 * latency (activation start to active) and revocation lateness (scheduled end to access removed),
 * and break-glass grants nobody reviewed in time (the alert's counter).
 */
final class GrantMetrics {
  private static final int REMEMBERED = 10_000;

  /** Break-glass grants revoked because nobody reviewed them within their window. */
  static final String UNREVIEWED = "tailgrant.breakglass.unreviewed";

  private final Clock clock;

  /** A retried publication must not count twice. */
  private final Set<String> seen =
      Collections.newSetFromMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > REMEMBERED;
            }
          });

  private final Timer activation =
      Timer.builder("tailgrant.grant.activation.latency")
          .description("from the start of activation to the grant's access being in place")
          .publishPercentileHistogram()
          .register(Metrics.globalRegistry);
  private final Timer lateness =
      Timer.builder("tailgrant.revocation.lateness")
          .description("how long after its scheduled end an expired grant's access was removed")
          .publishPercentileHistogram()
          .register(Metrics.globalRegistry);

  GrantMetrics(Clock clock) {
    this.clock = clock;
  }

  synchronized void record(GrantSummary g) {
    if (!seen.add(g.id() + "/" + g.version())) {
      return;
    }
    GrantStatus s = g.status();
    if (s == GrantStatus.ACTIVE && g.activatedAt() != null) {
      activation.record(nonNegative(Duration.between(g.activatedAt(), clock.instant())));
    }
    if (!s.isOpen()) {
      Metrics.counter("tailgrant.grants", "type", g.grantType(), "outcome", s.wire()).increment();
      if (g.breakGlass() && g.review() == ReviewDecision.UNREVIEWED) {
        Metrics.counter(UNREVIEWED, "type", g.grantType()).increment();
      }
      if (s == GrantStatus.EXPIRED && g.expiresAt() != null && g.endedAt() != null) {
        lateness.record(nonNegative(Duration.between(g.expiresAt(), g.endedAt())));
      }
    }
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
