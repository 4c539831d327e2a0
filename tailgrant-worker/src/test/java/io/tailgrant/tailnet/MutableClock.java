package io.tailgrant.tailnet;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A test clock that only moves when told to. */
public final class MutableClock implements InstantSource {
  private Instant now;

  public MutableClock(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  public synchronized void advance(Duration by) {
    now = now.plus(by);
  }

  synchronized void set(Instant to) {
    now = to;
  }
}
