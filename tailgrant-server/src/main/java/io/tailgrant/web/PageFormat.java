package io.tailgrant.web;

import io.tailgrant.grant.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Formatting the templates call as {@code fmt.*}: times, time left, duration presets. */
public final class PageFormat {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final List<Duration> PRESETS =
      List.of(
          Duration.ofSeconds(20),
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          Duration.ofMinutes(15),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(4),
          Duration.ofHours(8),
          Duration.ofDays(1));
  private final Clock clock;

  PageFormat(Clock clock) {
    this.clock = clock;
  }

  public String when(Instant t) {
    return t == null ? "—" : WHEN.format(t);
  }

  /** ISO time for {@code <time datetime>} and the live countdown. */
  public String iso(Instant t) {
    return t == null ? "" : t.toString();
  }

  /** "12m 5s left", or "ended" once past. */
  public String timeLeft(Instant end) {
    if (end == null) {
      return "";
    }
    Duration left = Duration.between(clock.instant(), end);
    return left.isNegative() || left.isZero()
        ? "ended"
        : Durations.format(left.withNanos(0).plusSeconds(1)) + " left";
  }

  public String duration(Duration d) {
    return d == null ? "" : Durations.format(d);
  }

  /** Preset durations from {@code min} to {@code max}, always holding both ends and the default. */
  public List<String> presets(String min, String max, String dflt) {
    Duration lo = Durations.parse(min).orElseThrow();
    Duration hi = Durations.parse(max).orElseThrow();
    LinkedHashSet<Duration> set = new LinkedHashSet<>();
    set.add(lo);
    PRESETS.stream().filter(p -> p.compareTo(lo) > 0 && p.compareTo(hi) < 0).forEach(set::add);
    Durations.parse(dflt).ifPresent(set::add);
    set.add(hi);
    List<String> out = new ArrayList<>();
    set.stream().sorted().forEach(d -> out.add(Durations.format(d)));
    return out;
  }

  /** Extension choices offered on an active grant's page. */
  public List<String> extensions() {
    return List.of("15m", "30m", "1h", "2h");
  }

  public String label(Object status) {
    return String.valueOf(status).replace('_', ' ');
  }
}
