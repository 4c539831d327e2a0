package io.tailgrant.notify;

import java.net.URI;

/** Keeps secret URLs out of log lines and result messages. */
final class Redaction {
  private Redaction() {}

  /**
   * What may be shown of a secret URL: scheme, host and port, e.g. {@code
   * https://hooks.slack.com/…}. Never the path, query or user info, which carry the token.
   */
  static String endpoint(String url) {
    try {
      URI u = URI.create(url);
      if (u.getScheme() == null || u.getHost() == null) {
        return "[unparseable url]";
      }
      String port = u.getPort() < 0 ? "" : ":" + u.getPort();
      return u.getScheme() + "://" + u.getHost() + port + "/\u2026";
    } catch (IllegalArgumentException e) {
      return "[unparseable url]";
    }
  }

  /**
   * {@code text} without the secret URL or any of its secret parts (path, query, user info), in raw
   * or percent-decoded form, so an exception or response text that echoes it shows nothing.
   */
  static String scrub(String text, String secretUrl) {
    if (text == null) {
      return "";
    }
    String out = text.replace(secretUrl, endpoint(secretUrl));
    try {
      URI u = URI.create(secretUrl);
      for (String part :
          new String[] {
            u.getRawPath(),
            u.getPath(),
            u.getRawQuery(),
            u.getQuery(),
            u.getRawUserInfo(),
            u.getUserInfo()
          }) {
        if (part != null && part.length() > 1) {
          out = out.replace(part, "\u2026");
        }
      }
    } catch (IllegalArgumentException e) {
      // The URL did not parse: only the whole-string replacement above applies.
    }
    return out;
  }

  /** {@code text} without control characters, cut to {@code max} chars: safe for one log line. */
  static String oneLine(String text, int max) {
    String s = text.replaceAll("[\\p{Cc}\\p{Zl}\\p{Zp}]+", " ").strip();
    if (s.length() <= max) {
      return s;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "\u2026";
  }
}
