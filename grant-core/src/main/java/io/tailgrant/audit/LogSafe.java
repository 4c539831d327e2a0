package io.tailgrant.audit;

/**
 * Makes text that a user (or a remote API) controls safe to put in a log line: no line break can
 * start a forged line, no terminal escape can repaint the screen, no bidirectional override can
 * reorder what an operator reads, and no value can run on for pages.
 */
public final class LogSafe {
  /** The longest piece of one value a log line carries; the rest is counted, not written. */
  public static final int MAX_LENGTH = 1000;

  private LogSafe() {}

  /**
   * The text in double quotes, escaped as a JSON string would be; {@code null} stays {@code null}.
   */
  public static String quote(String text) {
    return text == null ? "null" : "\"" + escape(text) + "\"";
  }

  /** The text escaped as inside a JSON string (quotes, backslashes and every control character). */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    int limit = Math.min(text.length(), MAX_LENGTH);
    StringBuilder b = new StringBuilder(limit + 16);
    for (int i = 0; i < limit; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (needsEscape(c)) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    if (text.length() > limit) {
      b.append("...(").append(text.length() - limit).append(" more characters)");
    }
    return b.toString();
  }

  private static boolean needsEscape(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f) // C0, DEL, C1 (ESC starts terminal sequences)
        || c == '\u2028'
        || c == '\u2029' // line and paragraph separators
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069') // bidi embeddings, overrides, isolates
        || c == '\u200e'
        || c == '\u200f'
        || c == '\u061c'; // bidi marks
  }
}
