package io.tailgrant.config;

import java.time.Duration;

/** Reads the {@code reconcile} section: how often grants are checked against the tailnet. */
final class ReconcileSection {
  private static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

  private ReconcileSection() {}

  static Duration read(ConfigNode n) {
    if (n == null) {
      return DEFAULT_INTERVAL;
    }
    Duration interval = n.duration("interval", DEFAULT_INTERVAL, false);
    n.finish(null);
    return interval;
  }
}
