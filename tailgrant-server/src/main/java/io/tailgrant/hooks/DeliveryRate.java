package io.tailgrant.hooks;

import java.time.Clock;
import java.time.Duration;

/**
 * How many deliveries the webhook endpoint takes: a token bucket of {@code perMinute} tokens that
 * refills evenly over a minute, shared by every sender (through Funnel every request comes from the
 * same local proxy, so a per-address limit would mean nothing). Thread-safe.
 */
public final class DeliveryRate {
  private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();

  private final int perMinute;
  private final Clock clock;
  private double tokens;
  private long lastNanos;

  public DeliveryRate(int perMinute, Clock clock) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("perMinute must be at least 1");
    }
    this.perMinute = perMinute;
    this.clock = clock;
    this.tokens = perMinute;
    this.lastNanos = nanos();
  }

  /** Takes one delivery's token: 0 when it may go ahead, else the seconds until one is free. */
  public synchronized long take() {
    long now = nanos();
    tokens = Math.min(perMinute, tokens + (double) (now - lastNanos) * perMinute / MINUTE_NANOS);
    lastNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    double missing = 1 - tokens;
    return Math.max(1, (long) Math.ceil(missing * 60 / perMinute));
  }

  private long nanos() {
    var i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
