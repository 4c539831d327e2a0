package io.tailgrant.sim;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts API calls by method and route template, e.g. {@code POST /api/v2/device/{deviceId}/tags}.
 */
public final class CallCounter {
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  void count(String method, String route) {
    counts.computeIfAbsent(method + " " + route, k -> new AtomicLong()).incrementAndGet();
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  public long get(String methodAndRoute) {
    AtomicLong v = counts.get(methodAndRoute);
    return v == null ? 0 : v.get();
  }

  public void reset() {
    counts.clear();
  }
}
