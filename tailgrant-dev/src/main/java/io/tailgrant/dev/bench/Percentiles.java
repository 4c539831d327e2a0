package io.tailgrant.dev.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of a sample of durations in milliseconds. */
record Percentiles(int n, double p50, double p90, double p99, double max) {

  static Percentiles of(List<Double> millis) {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    return new Percentiles(
        sorted.size(),
        at(sorted, 50),
        at(sorted, 90),
        at(sorted, 99),
        sorted.get(sorted.size() - 1));
  }

  private static double at(List<Double> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  @Override
  public String toString() {
    return String.format(
        "n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms", n, p50, p90, p99, max);
  }
}
