package io.tailgrant.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * For every device, the intervals during which each tag and each posture attribute was present: the
 * ground truth against which a grant's over-run (access beyond its approved window) is measured.
 */
public final class ExposureLog {

  /** One stretch of presence; {@code to} is null while still present. */
  public record Interval(String nodeId, String kind, String name, Instant from, Instant to) {}

  private final List<Interval> closed = new ArrayList<>();
  private final Map<String, Interval> open = new LinkedHashMap<>();

  /** The names open per device and kind ({@code nodeId|kind}), so observing one is O(its names). */
  private final Map<String, Set<String>> openNames = new HashMap<>();

  /**
   * Brings the log in line with what the device shows now: opens what appeared, closes what went.
   */
  synchronized void observe(String nodeId, String kind, Set<String> present, Instant now) {
    String prefix = nodeId + "|" + kind + "|";
    Set<String> names = openNames.computeIfAbsent(nodeId + "|" + kind, k -> new LinkedHashSet<>());
    List<String> gone = names.stream().filter(n -> !present.contains(n)).toList();
    for (String name : present) {
      if (names.add(name)) {
        open.put(prefix + name, new Interval(nodeId, kind, name, now, null));
      }
    }
    for (String name : gone) {
      close(prefix + name, now);
    }
  }

  /**
   * Closes one interval at a given time (an attribute removed by its own expiry goes at that
   * expiry).
   */
  synchronized void closeAt(String nodeId, String kind, String name, Instant at) {
    String key = nodeId + "|" + kind + "|" + name;
    if (open.containsKey(key)) {
      close(key, at);
    }
  }

  private void close(String key, Instant at) {
    Interval i = open.remove(key);
    openNames.get(i.nodeId() + "|" + i.kind()).remove(i.name());
    closed.add(
        new Interval(
            i.nodeId(), i.kind(), i.name(), i.from(), at.isBefore(i.from()) ? i.from() : at));
  }

  public synchronized List<Interval> intervals() {
    List<Interval> all = new ArrayList<>(closed);
    all.addAll(open.values());
    return all;
  }
}
