package io.tailgrant.notify;

import io.temporal.activity.ActivityInterface;

/**
 * Delivers a grant's notifications, one channel per call. A retryable failure is thrown (so
 * Temporal retries it with backoff, with the same event id) until {@link #MAX_ATTEMPTS}; after
 * that, or at once when no retry can help, the failure is the returned outcome. Nothing here ever
 * fails or delays a grant: the workflow never waits for it on its way to active or expired.
 */
@ActivityInterface
public interface NotifierActivities {
  /** Attempts per notification: about four minutes of backoff between the first and last. */
  int MAX_ATTEMPTS = 8;

  NotifyOutcome send(NotifyRequest request);
}
