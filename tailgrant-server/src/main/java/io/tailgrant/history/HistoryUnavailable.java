package io.tailgrant.history;

/** A history source cannot answer here (no visibility, a refused query, no readable file). */
public final class HistoryUnavailable extends RuntimeException {
  public HistoryUnavailable(String message) {
    super(message, null, false, false);
  }
}
