package io.tailgrant.notify;

/**
 * An email for a {@link Notification}: a one-line subject, a plain-text body and an HTML
 * alternative. Pure.
 *
 * <p>The subject has no CR, LF or other control character, so no value can add a header. In the
 * HTML every value is escaped ({@code & < > " '}), so a reason cannot become a tag, an attribute or
 * a link; the only link is the grant page's. Line breaks in values become spaces in both bodies, so
 * a reason cannot fake extra lines such as a second "Open:" link.
 */
public record EmailMessage(String subject, String text, String html) {
  static final int MAX_SUBJECT = 150;

  /** Renders the notification. */
  public static EmailMessage of(Notification n) {
    String title = NotificationText.title(n);
    String who = NotificationText.clean(n.requester(), 60);
    String where = NotificationText.clean(n.target(), 60);
    StringBuilder subject = new StringBuilder("[TailGrant] ").append(title);
    if (!who.isEmpty() || !where.isEmpty()) {
      subject.append(": ").append(who.isEmpty() ? "someone" : who);
      if (!where.isEmpty()) {
        subject.append(" on ").append(where);
      }
    }
    String grantId = NotificationText.clean(n.grantId(), 200);
    String link = n.link().toASCIIString();

    String text =
        title
            + "\n\n"
            + NotificationText.sentence(n)
            + "\n\n"
            + "Open in TailGrant: "
            + link
            + "\n\n-- \nTailGrant notification for grant "
            + grantId
            + " (event "
            + NotificationText.clean(n.eventId(), 200)
            + ")\n";

    String html =
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
            + escapeHtml(title)
            + "</title></head>\n<body style=\"font-family: sans-serif\">\n<h2>"
            + escapeHtml(title)
            + "</h2>\n<p>"
            + NotificationText.sentence(n, EmailMessage::escapeHtml)
            + "</p>\n<p><a href=\""
            + escapeHtml(link)
            + "\">Open in TailGrant</a></p>\n"
            + "<p style=\"color: #666; font-size: small\">TailGrant notification for grant "
            + escapeHtml(grantId)
            + "</p>\n</body></html>\n";
    return new EmailMessage(headerSafe(subject.toString(), MAX_SUBJECT), text, html);
  }

  /** Escapes text for HTML element content and quoted attribute values. */
  public static String escapeHtml(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** One line for a header: every control or separator character becomes a space; capped. */
  static String headerSafe(String s, int max) {
    return NotificationText.clean(s, max);
  }
}
