package io.tailgrant.history;

import io.tailgrant.directory.GrantSummary;
import java.util.List;

/** A page of history and the source's cursor for the next one (null at the end). */
public record HistoryPage(List<GrantSummary> grants, String next) {
  public HistoryPage {
    grants = List.copyOf(grants);
  }
}
