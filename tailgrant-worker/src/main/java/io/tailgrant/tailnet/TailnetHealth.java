package io.tailgrant.tailnet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the Tailscale API accepts this worker, judged from the calls it makes anyway: a rejected
 * credential (401/403) or no answer makes it unready at once. A check spends a device-list call of
 * its own only to see whether such a failure has passed, or when the API has been quiet for a while
 * (readiness caching bounds how often).
 */
public final class TailnetHealth {
  static final Duration QUIET = Duration.ofMinutes(1);
  private final Clock clock;
  private Instant lastSuccess = Instant.EPOCH;
  private Instant lastFailure = Instant.EPOCH;
  private String failure;

  public TailnetHealth(Clock clock) {
    this.clock = clock;
  }

  synchronized void success() {
    lastSuccess = clock.instant();
  }

  /** Only failures that say the credential or the API itself is unusable count. */
  synchronized void failure(int status, String message) {
    if (status == 0 || status == 401 || status == 403) {
      lastFailure = clock.instant();
      failure = message;
    }
  }

  /**
   * Throws with the reason when the worker cannot use the API; probes with {@code list} when in
   * doubt.
   */
  public void check(Runnable list) {
    String lastProblem;
    synchronized (this) {
      boolean failing = failure != null && !lastFailure.isBefore(lastSuccess);
      if (!failing && lastSuccess.plus(QUIET).isAfter(clock.instant())) {
        return;
      }
      lastProblem = failing ? failure : null;
    }
    try {
      list.run();
    } catch (RuntimeException e) {
      throw new IllegalStateException(lastProblem != null ? lastProblem : e.getMessage(), e);
    }
  }
}
