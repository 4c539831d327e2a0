package io.tailgrant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * What the CLI checks in a server's answers before using them: the server may be spoofed or
 * hostile, so a grant id must be well-formed before it names a file, a URL or a shell variable, and
 * text must be made printable before it reaches a terminal.
 */
final class Untrusted {
  /**
   * A grant id: the same rule as the server's {@code io.tailgrant.grant.GrantIds.isWellFormed}
   * (grant-core, which this module does not depend on). Nothing in it is special to a shell, a file
   * system or a URL path.
   */
  private static final Pattern GRANT_ID = Pattern.compile("g-[a-z0-9]{6,40}");

  private static final int SHOWN = 80;

  private Untrusted() {}

  static boolean isGrantId(String s) {
    return s != null && GRANT_ID.matcher(s).matches();
  }

  /** The grant id a server sent, or a failure (exit 1) if it is not one. */
  static String grantId(String fromServer) {
    if (!isGrantId(fromServer)) {
      String shown =
          fromServer == null
              ? ""
              : fromServer.length() > SHOWN ? fromServer.substring(0, SHOWN) + "..." : fromServer;
      throw new CliFailure(
          CliFailure.ERROR,
          "the server sent a malformed grant id \"" + printable(shown) + "\"; refusing to use it");
    }
    return fromServer;
  }

  /** The {@code id} field of a grant the server sent, checked as {@link #grantId(String)}. */
  static String grantId(JsonNode grant) {
    JsonNode id = grant.path("id");
    return grantId(id.isTextual() ? id.textValue() : id.toString());
  }

  /**
   * {@code s} with every control character (C0 including newline and tab, DEL, C1) replaced by a
   * visible {@code \xNN}, so a server's text cannot move the cursor, retitle the window, or hide
   * what is on the screen with terminal escape sequences. Idempotent: the escapes are printable.
   */
  static String printable(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 || c >= 0x7f && c <= 0x9f;
      if (control && b == null) {
        b = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (b != null) {
        if (control) {
          b.append(String.format("\\x%02x", (int) c));
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s : b.toString();
  }
}
