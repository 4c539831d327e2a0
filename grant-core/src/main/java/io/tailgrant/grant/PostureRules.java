package io.tailgrant.grant;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tailscale's rules for custom posture attributes: keys are {@code custom:} plus letters, digits
 * and {@code _} (at most 50 characters in all); string values at most 50 letters, digits, {@code _}
 * or {@code .}; integers up to 2^53-1; booleans.
 */
public final class PostureRules {
  private static final Pattern KEY = Pattern.compile("^custom:[A-Za-z0-9_]+$");
  private static final Pattern STRING_VALUE = Pattern.compile("^[A-Za-z0-9_.]{1,50}$");
  public static final long MAX_INTEGER = (1L << 53) - 1;

  private PostureRules() {}

  /** The reason the key is invalid, or empty. */
  public static Optional<String> checkKey(String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      return Optional.of(
          "posture attribute keys start with 'custom:' followed by letters, digits or '_'");
    }
    if (key.length() > 50) {
      return Optional.of("posture attribute keys are at most 50 characters");
    }
    return Optional.empty();
  }

  /** The reason the value is invalid, or empty. */
  public static Optional<String> checkValue(Object value) {
    if (value instanceof Boolean) {
      return Optional.empty();
    }
    if (value instanceof Integer || value instanceof Long) {
      long v = ((Number) value).longValue();
      return v < 0 || v > MAX_INTEGER
          ? Optional.of("integer values must be between 0 and 2^53-1")
          : Optional.empty();
    }
    if (value instanceof BigInteger) {
      return Optional.of("integer values must be between 0 and 2^53-1");
    }
    if (value instanceof String s) {
      return STRING_VALUE.matcher(s).matches()
          ? Optional.empty()
          : Optional.of(
              "string values are 1 to 50 letters, digits, '_' or '.' (no '-', ':', spaces or '@')");
    }
    return Optional.of("values must be a string, an integer or a boolean");
  }

  /**
   * {@code string}, {@code number} or {@code bool}: Tailscale fixes one type per key tailnet-wide.
   */
  public static String typeOf(Object value) {
    if (value instanceof Boolean) {
      return "bool";
    }
    return value instanceof Number ? "number" : "string";
  }
}
