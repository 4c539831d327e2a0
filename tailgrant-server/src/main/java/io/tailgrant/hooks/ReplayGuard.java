package io.tailgrant.hooks;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Remembers signatures already accepted until they would be rejected as stale anyway, so that a
 * captured delivery cannot be sent again within the tolerance window. Memory is bounded: at most
 * {@code capacity} signatures are held; when that many unexpired ones are held a new one is refused
 * (fail closed: Tailscale retries a delivery that was not answered with 2xx, and by then room has
 * been made). Thread-safe.
 */
public final class ReplayGuard {
  public static final int DEFAULT_CAPACITY = 10_000;

  private record Entry(String key, long expiresAt) {}

  private final int capacity;
  private final Map<String, Long> seen = new HashMap<>();
  private final PriorityQueue<Entry> byExpiry =
      new PriorityQueue<>((a, b) -> Long.compare(a.expiresAt(), b.expiresAt()));

  public ReplayGuard() {
    this(DEFAULT_CAPACITY);
  }

  public ReplayGuard(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
  }

  /** The outcome of {@link #firstSeen}. */
  public enum Outcome {
    FIRST,
    REPLAYED,
    FULL
  }

  /**
   * Records {@code key} as seen until {@code expiresAtEpochSecond} and says whether it is new.
   *
   * @param key what identifies one delivery (here its timestamp and signature)
   * @param expiresAtEpochSecond after this the key would be rejected as stale, so it is forgotten
   * @param nowEpochSecond the current time, to forget expired keys first
   */
  public synchronized Outcome firstSeen(
      String key, long expiresAtEpochSecond, long nowEpochSecond) {
    while (!byExpiry.isEmpty() && byExpiry.peek().expiresAt() < nowEpochSecond) {
      Entry e = byExpiry.poll();
      seen.remove(e.key(), e.expiresAt());
    }
    if (seen.containsKey(key)) {
      return Outcome.REPLAYED;
    }
    if (seen.size() >= capacity) {
      return Outcome.FULL;
    }
    seen.put(key, expiresAtEpochSecond);
    byExpiry.add(new Entry(key, expiresAtEpochSecond));
    return Outcome.FIRST;
  }

  /**
   * Forgets {@code key}, so the same delivery is taken again: for a delivery that was accepted but
   * could not be acted on (the sender retries it).
   */
  public synchronized void forget(String key) {
    seen.remove(key);
  }

  /** How many signatures are held now. */
  public synchronized int size() {
    return seen.size();
  }
}
