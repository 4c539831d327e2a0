package io.tailgrant.sim;

import java.util.Random;

/**
 * Makes the simulated API misbehave on purpose: a share of calls fail with {@code errorStatus}, a
 * share are rate limited (429, with {@code Retry-After} when {@code retryAfterSeconds} is set), and
 * every call can be slowed by {@code latencyMs}.
 */
public final class FaultInjector {

  /** The current fault settings; every field is optional on the wire. */
  public record Faults(
      Double errorRate,
      Integer errorStatus,
      Double rateLimitRate,
      Integer retryAfterSeconds,
      Long latencyMs) {
    public static final Faults NONE = new Faults(0.0, 503, 0.0, null, 0L);

    Faults normalized() {
      return new Faults(
          errorRate == null ? 0.0 : errorRate,
          errorStatus == null ? 503 : errorStatus,
          rateLimitRate == null ? 0.0 : rateLimitRate,
          retryAfterSeconds,
          latencyMs == null ? 0L : latencyMs);
    }
  }

  /** What to do with one call: pass, or fail with a status and optional Retry-After. */
  public record Verdict(int status, Integer retryAfterSeconds) {
    static final Verdict PASS = new Verdict(0, null);

    boolean fails() {
      return status != 0;
    }
  }

  private volatile Faults faults = Faults.NONE;
  private final Random random;

  public FaultInjector(long seed) {
    this.random = new Random(seed);
  }

  public void set(Faults f) {
    Faults n = f.normalized();
    if (n.errorRate() < 0
        || n.errorRate() > 1
        || n.rateLimitRate() < 0
        || n.rateLimitRate() > 1
        || n.errorRate() + n.rateLimitRate() > 1) {
      throw SimApiError.badRequest(
          "errorRate and rateLimitRate are shares between 0 and 1 and add up to at most 1");
    }
    if (n.errorStatus() < 400
        || n.errorStatus() > 599
        || n.latencyMs() < 0
        || (n.retryAfterSeconds() != null && n.retryAfterSeconds() < 0)) {
      throw SimApiError.badRequest(
          "errorStatus must be 4xx/5xx; latencyMs and retryAfterSeconds must not be negative");
    }
    faults = n;
  }

  public void clear() {
    faults = Faults.NONE;
  }

  public Faults current() {
    return faults;
  }

  Verdict next() {
    Faults f = faults;
    if (f.latencyMs() > 0) {
      try {
        Thread.sleep(f.latencyMs());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    double roll;
    synchronized (random) {
      roll = random.nextDouble();
    }
    if (roll < f.errorRate()) {
      return new Verdict(f.errorStatus(), null);
    }
    if (roll < f.errorRate() + f.rateLimitRate()) {
      return new Verdict(429, f.retryAfterSeconds());
    }
    return Verdict.PASS;
  }
}
