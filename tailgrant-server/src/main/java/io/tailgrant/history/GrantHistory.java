package io.tailgrant.history;

/**
 * Grants that ended before the directory's window, from a store that keeps them longer: Temporal
 * visibility or the audit file. Pages follow the store's own order and cursor.
 */
public interface GrantHistory {

  /** This source's name, kept in page tokens so the next page asks the same source. */
  String name();

  /** Whether this source may be asked here at all (a file it needs is readable). */
  default boolean available() {
    return true;
  }

  /**
   * Up to {@code limit} ended grants matching {@code query}, from {@code cursor} (null: the first
   * page). Throws {@link HistoryUnavailable} when the store cannot answer such a query here.
   */
  HistoryPage page(HistoryQuery query, String cursor, int limit);
}
