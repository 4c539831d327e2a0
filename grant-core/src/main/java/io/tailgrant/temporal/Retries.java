package io.tailgrant.temporal;

import io.temporal.common.RetryOptions;
import java.time.Duration;

/** The retry policies TailGrant's workflows give their activities, named by what they promise. */
public final class Retries {
  /** Removing access: retries until it succeeds, backing off to 30 s between attempts. */
  public static final RetryOptions UNTIL_DONE =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setMaximumInterval(Duration.ofSeconds(30))
          .setMaximumAttempts(0)
          .build();

  /** One attempt: a fast path whose failure hands over to a durable one. */
  public static final RetryOptions ONCE = RetryOptions.newBuilder().setMaximumAttempts(1).build();

  /** The schedule-to-close timeout of a bounded local activity: its retries stop after this. */
  public static final Duration LOCAL_BOUNDED = Duration.ofMinutes(5);

  private Retries() {}

  /**
   * Adding access: backs off to 10 s, for at most {@code attempts} (0: bounded by the stub's
   * timeout alone).
   */
  public static RetryOptions adding(int attempts) {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(1))
        .setMaximumInterval(Duration.ofSeconds(10))
        .setMaximumAttempts(attempts)
        .build();
  }
}
