package io.tailgrant.config;

import java.time.Duration;
import java.util.List;

/**
 * A grant type's {@code breakGlass} as an admin wrote it (principals may name {@code group:}s): who
 * may activate it at once without approval, who reviews such a grant, and how soon.
 */
public record BreakGlassConfig(
    List<String> requesters, List<String> reviewers, Duration reviewWithin) {

  public BreakGlassConfig {
    requesters = requesters == null ? List.of() : List.copyOf(requesters);
    reviewers = reviewers == null ? List.of() : List.copyOf(reviewers);
  }
}
