package io.tailgrant.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The payload for a Microsoft Teams "Workflows" webhook (the Power Automate flow "Post to a channel
 * when a webhook request is received", which replaced the Office 365 connectors): a message with
 * one Adaptive Card attachment.
 *
 * <pre>{@code
 * {"type": "message",
 *  "attachments": [{
 *    "contentType": "application/vnd.microsoft.card.adaptive",
 *    "contentUrl": null,
 *    "content": {
 *      "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
 *      "type": "AdaptiveCard", "version": "1.4",
 *      "body": [{"type": "TextBlock", ...}, ...],
 *      "actions": [{"type": "Action.OpenUrl", "title": "Open in TailGrant",
 *                   "url": "<grant page>"}]}}]}
 * }</pre>
 *
 * <p>A TextBlock's text is a subset of CommonMark (bold, italic, lists, {@code [text](url)} links)
 * plus the {@code {{DATE(...)}}} and {@code {{TIME(...)}}} functions; HTML is not rendered. User
 * values are made literal by {@link #escape}: every character that can open or close such markup
 * ({@code \ ` * _ ~ [ ] < > { } &}) gets CommonMark's backslash escape, a list or heading marker at
 * the start of a value is escaped too, and a {@code ]} is followed by an invisible U+2060 WORD
 * JOINER so that {@code [x](url)} is no link even for a renderer that ignores backslashes. Line
 * breaks never reach the card (they become spaces), and {@code ://} is broken the same way, so a
 * bare URL is not turned into a link either (see {@link NotificationText#clean}).
 */
public final class TeamsMessage {
  static final String CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
  static final String CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";
  static final String CARD_VERSION = "1.4";
  static final String BUTTON_TEXT = "Open in TailGrant";

  private TeamsMessage() {}

  /** The webhook's JSON body. */
  public static ObjectNode payload(Notification n) {
    ObjectNode root = Json.object();
    root.put("type", "message");
    ObjectNode attachment = root.putArray("attachments").addObject();
    attachment.put("contentType", CARD_CONTENT_TYPE);
    attachment.putNull("contentUrl");
    ObjectNode card = attachment.putObject("content");
    card.put("$schema", CARD_SCHEMA);
    card.put("type", "AdaptiveCard");
    card.put("version", CARD_VERSION);
    ArrayNode body = card.putArray("body");
    textBlock(body, escape(NotificationText.title(n)))
        .put("weight", "Bolder")
        .put("size", "Medium");
    textBlock(body, NotificationText.sentence(n, TeamsMessage::escape));
    String forWhom = NotificationText.recipients(n, TeamsMessage::escape);
    if (!forWhom.isEmpty()) {
      textBlock(body, forWhom).put("size", "Small");
    }
    String grant = "TailGrant \u00b7 grant " + escape(NotificationText.clean(n.grantId(), 200));
    if (n.expiresAt() != null) {
      grant += " \u00b7 expires " + NotificationText.instant(n.expiresAt());
    }
    textBlock(body, grant).put("isSubtle", true).put("size", "Small");
    ObjectNode open = card.putArray("actions").addObject();
    open.put("type", "Action.OpenUrl");
    open.put("title", BUTTON_TEXT);
    open.put("url", n.link().toASCIIString());
    return root;
  }

  /** {@link #payload} as a JSON string. */
  public static String json(Notification n) {
    return Json.write(payload(n));
  }

  private static ObjectNode textBlock(ArrayNode body, String text) {
    return body.addObject().put("type", "TextBlock").put("text", text).put("wrap", true);
  }

  /** Makes {@code text} literal inside a TextBlock; see the class comment for the rules. */
  public static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    int start = 0;
    // A list item ("- x", "+ x", "* x", "1. x", "1) x") or heading ("# x") only starts a line, and
    // a value may start the text block.
    if (!text.isEmpty()
        && (text.charAt(0) == '-' || text.charAt(0) == '+' || text.charAt(0) == '#')) {
      b.append('\\').append(text.charAt(0));
      start = 1;
    } else {
      int digits = 0;
      while (digits < text.length() && digits < 10 && Character.isDigit(text.charAt(digits))) {
        digits++;
      }
      if (digits > 0
          && digits < text.length()
          && (text.charAt(digits) == '.' || text.charAt(digits) == ')')) {
        b.append(text, 0, digits).append('\\').append(text.charAt(digits));
        start = digits + 1;
      }
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\', '`', '*', '_', '~', '[', '<', '>', '{', '}', '&' -> b.append('\\').append(c);
        case ']' -> b.append("\\]").append(NotificationText.WORD_JOINER);
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
