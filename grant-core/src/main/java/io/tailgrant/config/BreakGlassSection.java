package io.tailgrant.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads a grant type's {@code breakGlass: {requesters, reviewers, reviewWithin}}. The same reader
 * serves the config file and the live catalogue, so a rule is valid in one place only if it is
 * valid everywhere.
 */
final class BreakGlassSection {
  /** The longest review window: an unreviewed bypass of approval must not run for long. */
  static final Duration MAX_REVIEW_WITHIN = Duration.ofHours(24);

  /** The shortest review window: a reviewer must have a chance to answer. */
  static final Duration MIN_REVIEW_WITHIN = Duration.ofSeconds(20);

  private BreakGlassSection() {}

  /** The type's break-glass rule, or null when it has none. */
  static BreakGlassConfig read(
      ConfigNode t,
      Map<String, List<String>> groups,
      List<String> approvers,
      Duration maxDuration) {
    ConfigNode b = t.object("breakGlass", false);
    if (b == null) {
      return null;
    }
    List<String> requesters = b.strings("requesters", true);
    PrincipalsSection.check(b, "requesters", requesters, groups, true);
    // Absent: the type's approvers review; a type without approvers must name reviewers.
    List<String> reviewers =
        b.has("reviewers") || approvers.isEmpty() ? b.strings("reviewers", true) : approvers;
    PrincipalsSection.check(b, "reviewers", reviewers, groups, false);
    Duration within = b.duration("reviewWithin", null, true);
    if (within != null
        && (within.compareTo(MIN_REVIEW_WITHIN) < 0 || within.compareTo(MAX_REVIEW_WITHIN) > 0)) {
      b.problem("reviewWithin", "must be from 20s to 24h");
    } else if (within != null && maxDuration != null && within.compareTo(maxDuration) > 0) {
      b.problem(
          "reviewWithin",
          "is longer than maxDuration: the grant would end before anyone had to review it");
    }
    b.finish("allowed: requesters, reviewers, reviewWithin");
    return within == null ? null : new BreakGlassConfig(requesters, reviewers, within);
  }
}
