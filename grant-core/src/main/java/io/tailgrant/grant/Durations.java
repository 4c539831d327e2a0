package io.tailgrant.grant;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints durations the way people write them: {@code 90m}, {@code 1h30m}, {@code 20s} or
 * ISO-8601 {@code PT1H30M}.
 */
public final class Durations {
  private static final Pattern SHORT =
      Pattern.compile("^(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?$");

  private Durations() {}

  /** Empty if the text is not a positive duration in either form. */
  public static Optional<Duration> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String t = text.trim();
    Duration result;
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        result = Duration.parse(t.toUpperCase());
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    } else {
      Matcher m = SHORT.matcher(t);
      if (!m.matches()) {
        return Optional.empty();
      }
      try {
        result =
            Duration.ofDays(group(m, 1))
                .plusHours(group(m, 2))
                .plusMinutes(group(m, 3))
                .plusSeconds(group(m, 4));
      } catch (ArithmeticException | NumberFormatException e) {
        return Optional.empty();
      }
    }
    return result.isNegative() || result.isZero() ? Optional.empty() : Optional.of(result);
  }

  private static long group(Matcher m, int i) {
    String g = m.group(i);
    return g == null ? 0 : Long.parseLong(g);
  }

  /** Short human form, e.g. {@code 1h30m}, {@code 20s}. */
  public static String format(Duration d) {
    long s = d.getSeconds();
    if (s == 0) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    long h = s / 3600, m = (s % 3600) / 60, sec = s % 60;
    if (h > 0) b.append(h).append('h');
    if (m > 0) b.append(m).append('m');
    if (sec > 0) b.append(sec).append('s');
    return b.toString();
  }
}
