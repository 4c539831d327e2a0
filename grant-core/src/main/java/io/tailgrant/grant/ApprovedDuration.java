package io.tailgrant.grant;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How long a grant lasts once approved: an approver may approve for less time than was asked, never
 * more, and never less than the type's minimum; with several approvals the shortest wins. A grant
 * an approver shortened is extended no further than that shorter duration from its activation
 * ({@link GrantRules#extendedEnd}): the approver's word stands for the whole grant. Pure.
 */
public final class ApprovedDuration {
  private ApprovedDuration() {}

  /**
   * Refuses {@code given} (null: as asked) when it is longer than {@code asked} or shorter than
   * {@code minimum} (null: no minimum).
   */
  public static void check(Duration asked, Duration minimum, Duration given) {
    if (given == null) {
      return;
    }
    if (given.compareTo(asked) > 0) {
      throw Refusal.badRequest(
          "duration_longer_than_asked",
          "an approver may shorten a grant, never lengthen it: "
              + Durations.format(given)
              + " is longer than the "
              + Durations.format(asked)
              + " asked");
    }
    if (minimum != null && given.compareTo(minimum) < 0) {
      throw Refusal.badRequest(
          "duration_out_of_range",
          "duration "
              + Durations.format(given)
              + " is shorter than this grant type's minimum of "
              + Durations.format(minimum));
    }
  }

  /** How long the grant lasts: the shortest duration any approval gave, at most {@code asked}. */
  public static Duration of(Duration asked, List<Approval> votes) {
    return shortenedBy(asked, votes).map(Approval::duration).orElse(asked);
  }

  /**
   * The approval that shortened the grant (the first of the shortest), or empty when every approval
   * was for the duration asked.
   */
  public static Optional<Approval> shortenedBy(Duration asked, List<Approval> votes) {
    Approval shortest = null;
    for (Approval v : votes) {
      if (v.verdict() == Verdict.APPROVE
          && v.duration() != null
          && v.duration().compareTo(asked) < 0
          && (shortest == null || v.duration().compareTo(shortest.duration()) < 0)) {
        shortest = v;
      }
    }
    return Optional.ofNullable(shortest);
  }

  /** How a shortening reads on a timeline, a page or a message: {@code for 30m of the 1h asked}. */
  public static String phrase(Duration asked, Duration given) {
    return "for " + Durations.format(given) + " of the " + Durations.format(asked) + " asked";
  }
}
