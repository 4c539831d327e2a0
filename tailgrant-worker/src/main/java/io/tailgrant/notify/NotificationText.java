package io.tailgrant.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The human sentence for each {@link EventKind}, e.g. {@code alice@example.com asks for db-admin on
 * alice-laptop for 30m: <reason>}. Pure.
 *
 * <p>Every value taken from the notification is first {@linkplain #clean cleaned} (line breaks and
 * other control characters become spaces, invisible format characters such as bidi overrides are
 * dropped, a {@code scheme://} is broken so no client turns it into a link, and the length is
 * capped) and then passed through the caller's escaper, while the fixed words of the sentence are
 * not. A channel builder passes its own format's escaper; {@link #sentence(Notification)} uses none
 * and is for formats without markup.
 */
public final class NotificationText {
  /** Longest value (requester, target, actor, grant type) kept, in code points. */
  static final int MAX_VALUE = 200;

  /** Longest free text (reason, comment) kept, in code points. */
  static final int MAX_FREE_TEXT = 1000;

  /** U+2060 WORD JOINER: invisible, it breaks a token without adding a visible character. */
  static final String WORD_JOINER = "\u2060";

  private static final DateTimeFormatter INSTANT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private NotificationText() {}

  /** The headline for the notification's kind; fixed text. */
  public static String title(Notification n) {
    return n.kind().title();
  }

  /** The sentence with cleaned but unescaped values, for formats without markup. */
  public static String sentence(Notification n) {
    return sentence(n, UnaryOperator.identity());
  }

  /**
   * The sentence with every notification value cleaned and then passed through {@code escape}. The
   * fixed words contain no character that is markup in Slack mrkdwn, Markdown or HTML.
   */
  public static String sentence(Notification n, UnaryOperator<String> escape) {
    String who = value(n.requester(), "someone", escape);
    String what = value(n.grantType(), "access", escape);
    String where = value(n.target(), "an unnamed target", escape);
    String by = value(n.actor(), "someone", escape);
    String forHow = n.duration() == null ? "" : " for " + duration(n.duration());
    String request = who + " asks for " + what + " on " + where + forHow;
    String reason = freeText(n.reason(), escape);
    String comment = freeText(n.comment(), escape);
    String because = reason.isEmpty() ? "" : ": " + reason;
    String remark = comment.isEmpty() ? "" : ": " + comment;
    String held = who + "'s " + what + " on " + where;
    return switch (n.kind()) {
      case REQUEST_WAITING -> request + because;
      case APPROVAL_REMINDER -> "Still waiting for an approver: " + request + because;
      case ESCALATION -> "No approver answered in time, so this is escalated: " + request + because;
      case APPROVED ->
          by + " approved " + who + "'s request for " + what + " on " + where + forHow + remark;
      case DENIED -> by + " denied " + who + "'s request for " + what + " on " + where + remark;
      case ACTIVE ->
          who
              + " now has "
              + what
              + " on "
              + where
              + (n.expiresAt() == null ? "" : " until " + instant(n.expiresAt()));
      case FAILED -> "Granting " + what + " on " + where + " to " + who + " failed" + remark;
      case EXPIRY_REMINDER ->
          held + " expires " + (n.expiresAt() == null ? "soon" : "at " + instant(n.expiresAt()));
      case EXPIRED -> held + " expired and was removed";
      case REVOKED -> by + " revoked " + held + remark;
      case REMOVAL_STUCK -> "Removing " + held + " is stuck and needs an operator" + remark;
      case BREAK_GLASS ->
          who
              + " broke glass: "
              + what
              + " on "
              + where
              + " is active without approval"
              + forHow
              + because
              + ". Review it (confirm or revoke)"
              + (n.comment() == null ? "" : remark);
      case BREAK_GLASS_UNREVIEWED ->
          "Nobody reviewed " + held + " (break-glass) in time, so it was revoked" + remark;
    };
  }

  /** Most recipients named in a message; the rest are counted. */
  static final int MAX_NAMED_RECIPIENTS = 20;

  /**
   * Whom the message is for, e.g. {@code For bob@example.com, erin@example.com}, each value cleaned
   * and escaped; empty when there are no recipients. Chat channels post to a room, so this line is
   * what tells its readers whose turn it is.
   */
  public static String recipients(Notification n, UnaryOperator<String> escape) {
    List<String> named = new ArrayList<>();
    for (String r : n.recipients()) {
      String cleaned = clean(r, MAX_VALUE);
      if (!cleaned.isEmpty() && named.size() < MAX_NAMED_RECIPIENTS) {
        named.add(escape.apply(cleaned));
      }
    }
    if (named.isEmpty()) {
      return "";
    }
    int more = n.recipients().size() - named.size();
    return "For " + String.join(", ", named) + (more > 0 ? " and " + more + " more" : "");
  }

  private static String value(String raw, String fallback, UnaryOperator<String> escape) {
    String cleaned = clean(raw, MAX_VALUE);
    return cleaned.isEmpty() ? fallback : escape.apply(cleaned);
  }

  private static String freeText(String raw, UnaryOperator<String> escape) {
    String cleaned = clean(raw, MAX_FREE_TEXT);
    return cleaned.isEmpty() ? "" : escape.apply(cleaned);
  }

  /**
   * Makes one line of plain text out of a user's value: control characters (CR, LF, tab, NEL...)
   * and line or paragraph separators become a space, runs of spaces collapse, format characters
   * (bidi overrides, zero-width characters, soft hyphens) and lone surrogates are dropped or
   * replaced, {@code ://} gets a {@link #WORD_JOINER} after the colon so it is no link, the result
   * is trimmed and cut to {@code maxCodePoints} (ending in an ellipsis). Null gives "".
   */
  public static String clean(String raw, int maxCodePoints) {
    if (raw == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(raw.length(), maxCodePoints + 16));
    boolean pendingSpace = false;
    int kept = 0;
    boolean cut = false;
    for (int i = 0; i < raw.length(); ) {
      int cp = raw.codePointAt(i);
      i += Character.charCount(cp);
      int type = Character.getType(cp);
      if (Character.isWhitespace(cp)
          || Character.isSpaceChar(cp)
          || type == Character.CONTROL
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
        pendingSpace = out.length() > 0;
        continue;
      }
      if (type == Character.FORMAT) {
        continue;
      }
      if (type == Character.SURROGATE) {
        cp = 0xFFFD;
      }
      if (kept >= maxCodePoints) {
        cut = true;
        break;
      }
      if (pendingSpace) {
        out.append(' ');
        kept++;
        pendingSpace = false;
      }
      out.appendCodePoint(cp);
      kept++;
    }
    String s = out.toString();
    if (cut) {
      s = s.stripTrailing() + "\u2026";
    }
    return s.replace("://", ":" + WORD_JOINER + "//");
  }

  /** {@code 30m}, {@code 1h30m}, {@code 2d}, {@code 45s}; zero is {@code 0s}. */
  public static String duration(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    long seconds = d.getSeconds();
    StringBuilder b = new StringBuilder();
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3_600;
    long minutes = seconds % 3_600 / 60;
    long secs = seconds % 60;
    if (days > 0) {
      b.append(days).append('d');
    }
    if (hours > 0) {
      b.append(hours).append('h');
    }
    if (minutes > 0) {
      b.append(minutes).append('m');
    }
    if (secs > 0 || b.length() == 0) {
      b.append(secs).append('s');
    }
    return b.toString();
  }

  /** {@code 2026-03-01 14:05 UTC}. */
  public static String instant(Instant t) {
    return INSTANT.format(t);
  }
}
