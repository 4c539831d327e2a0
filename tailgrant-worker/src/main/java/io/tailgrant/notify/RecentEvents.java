package io.tailgrant.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last few thousand keys seen, forgetting the oldest: a retried notification that did reach its
 * channel (its activity's completion was lost) is not sent twice by this worker.
 */
final class RecentEvents {
  private final Map<String, Boolean> keys;

  RecentEvents(int capacity) {
    this.keys =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized boolean contains(String key) {
    return keys.containsKey(key);
  }

  synchronized void add(String key) {
    keys.put(key, Boolean.TRUE);
  }
}
