package io.tailgrant.directory;

import java.time.Instant;
import java.util.Comparator;

/**
 * Where a page of a list ended: the sort key (request time, then id) of its last grant. Lists are
 * newest request first; a key never changes, so the next page starts in the same place however many
 * grants are requested or end in between.
 */
public record ListPosition(Instant requestedAt, String id) {

  /** Newest request first; grants requested in the same instant by id, highest first. */
  public static final Comparator<GrantSummary> NEWEST_FIRST =
      Comparator.comparing(
              (GrantSummary g) -> g.requestedAt() == null ? Instant.MIN : g.requestedAt(),
              Comparator.reverseOrder())
          .thenComparing(GrantSummary::id, Comparator.reverseOrder());

  public ListPosition {
    if (requestedAt == null || id == null) {
      throw new IllegalArgumentException("a list position needs a time and an id");
    }
  }

  /** The position of {@code g} in the list. */
  public static ListPosition of(GrantSummary g) {
    return new ListPosition(g.requestedAt() == null ? Instant.MIN : g.requestedAt(), g.id());
  }

  /** Whether {@code g} comes after this position (on a later page). */
  public boolean before(GrantSummary g) {
    Instant t = g.requestedAt() == null ? Instant.MIN : g.requestedAt();
    int c = t.compareTo(requestedAt);
    return c < 0 || (c == 0 && g.id().compareTo(id) < 0);
  }
}
