package io.tailgrant.directory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the directory answers for: every open grant and the {@code size} most recently ended ones.
 * When it holds that many ended grants it may have forgotten older ones: those that ended before
 * {@code horizon} are history (Temporal visibility or the audit file), never the directory's.
 * {@code horizon} is null when the directory holds fewer, so it still has every grant.
 */
public record DirectoryWindow(List<GrantSummary> grants, Instant horizon) {

  public DirectoryWindow {
    grants = List.copyOf(grants);
  }

  /** The window of {@code listed} (the directory's list) for a directory keeping {@code size}. */
  public static DirectoryWindow of(List<GrantSummary> listed, int size) {
    List<GrantSummary> open = new ArrayList<>();
    List<GrantSummary> ended = new ArrayList<>();
    for (GrantSummary g : listed) {
      (g.status().isOpen() ? open : ended).add(g);
    }
    if (ended.size() < size) {
      return new DirectoryWindow(listed, null);
    }
    ended.sort(
        Comparator.comparing(
            GrantSummary::endedAt, Comparator.nullsLast(Comparator.reverseOrder())));
    List<GrantSummary> kept = ended.subList(0, size);
    Instant horizon = kept.get(size - 1).endedAt();
    if (horizon == null) {
      return new DirectoryWindow(listed, null);
    }
    List<GrantSummary> window = new ArrayList<>(open);
    window.addAll(kept);
    return new DirectoryWindow(window, horizon);
  }

  /** The directory holds every grant: nothing is history yet. */
  public boolean complete() {
    return horizon == null;
  }
}
