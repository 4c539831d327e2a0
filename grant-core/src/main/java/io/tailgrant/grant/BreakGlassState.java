package io.tailgrant.grant;

import java.time.Instant;
import java.util.Set;

/**
 * What {@link BreakGlassRules} reads of a break-glass grant: who may review it (the snapshot's
 * reviewers), by when, and its review once done (null: not yet).
 */
public record BreakGlassState(Set<String> reviewers, Instant reviewBy, Review review) {

  public BreakGlassState {
    reviewers = reviewers == null ? Set.of() : Set.copyOf(reviewers);
  }
}
