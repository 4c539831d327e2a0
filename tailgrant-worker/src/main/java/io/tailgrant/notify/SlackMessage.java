package io.tailgrant.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Block Kit payload for a Slack incoming webhook:
 *
 * <pre>{@code
 * {"text": "<fallback>",
 *  "blocks": [
 *    {"type": "section",
 *     "text": {"type": "mrkdwn", "text": "*<title>*\n<sentence>", "verbatim": true}},
 *    {"type": "context",
 *     "elements": [{"type": "mrkdwn", "text": "For <recipients>", "verbatim": true},
 *                  {"type": "mrkdwn", "text": "TailGrant · grant <id>", "verbatim": true}]},
 *    {"type": "actions", "elements": [{"type": "button", "action_id": "open_grant",
 *        "text": {"type": "plain_text", "text": "Open in TailGrant", "emoji": false},
 *        "url": "<grant page>"}]}]}
 * }</pre>
 *
 * <p>Escaping of user values ({@link #escape}), following Slack's "Formatting text for app
 * surfaces" guide:
 *
 * <ul>
 *   <li>{@code &}, {@code <} and {@code >} become {@code &amp;}, {@code &lt;}, {@code &gt;}, the
 *       three entities Slack documents as its control characters. This also defuses {@code
 *       <!channel>}, {@code <@U123>} and {@code <http://x|y>}, which need a raw {@code <}.
 *   <li>Every text object sets {@code "verbatim": true}, which Slack documents as turning off the
 *       automatic parsing of URLs, channel names and mentions in plain text.
 *   <li>{@code @channel}, {@code @here}, {@code @everyone} and {@code @group} typed as words get an
 *       invisible U+2060 WORD JOINER after the {@code @}, so they no longer spell a mention even
 *       for a client that parses them; {@code ://} gets one after the colon (see {@link
 *       NotificationText#clean}).
 *   <li>Slack offers no escape for its formatting characters, and a zero-width space around them
 *       forces formatting rather than preventing it. As jsx-slack's escaping does, {@code *},
 *       {@code _}, {@code ~} and {@code `} are replaced by look-alikes that are not markup: U+2217
 *       ∗, U+02CD ˍ, U+223C ∼ and U+02CB ˋ.
 *   <li>Line breaks never reach Slack (they become spaces), so a value cannot start a block quote
 *       or a code block on a line of its own.
 * </ul>
 */
public final class SlackMessage {
  /** Slack's limit for a section's text and the most we send as fallback text. */
  static final int MAX_TEXT = 3000;

  static final String BUTTON_TEXT = "Open in TailGrant";

  private static final Pattern SPECIAL_MENTION =
      Pattern.compile(
          "@(?=(?:channel|here|everyone|group)(?![\\p{L}\\p{N}_]))", Pattern.CASE_INSENSITIVE);

  private SlackMessage() {}

  /** The webhook's JSON body. */
  public static ObjectNode payload(Notification n) {
    String title = escape(NotificationText.title(n));
    String sentence = NotificationText.sentence(n, SlackMessage::escape);
    ObjectNode root = Json.object();
    root.put("text", clip(title + ": " + sentence, MAX_TEXT));
    ArrayNode blocks = root.putArray("blocks");

    ObjectNode section = blocks.addObject().put("type", "section");
    mrkdwn(section.putObject("text"), clip("*" + title + "*\n" + sentence, MAX_TEXT));

    ObjectNode context = blocks.addObject().put("type", "context");
    String grant = "TailGrant \u00b7 grant " + escape(NotificationText.clean(n.grantId(), 200));
    if (n.expiresAt() != null) {
      grant += " \u00b7 expires " + NotificationText.instant(n.expiresAt());
    }
    ArrayNode elements = context.putArray("elements");
    String forWhom = NotificationText.recipients(n, SlackMessage::escape);
    if (!forWhom.isEmpty()) {
      mrkdwn(elements.addObject(), clip(forWhom, MAX_TEXT));
    }
    mrkdwn(elements.addObject(), grant);

    ObjectNode actions = blocks.addObject().put("type", "actions");
    ObjectNode button = actions.putArray("elements").addObject();
    button.put("type", "button");
    button.put("action_id", "open_grant");
    button.putObject("text").put("type", "plain_text").put("text", BUTTON_TEXT).put("emoji", false);
    button.put("url", n.link().toASCIIString());
    return root;
  }

  /** {@link #payload} as a JSON string. */
  public static String json(Notification n) {
    return Json.write(payload(n));
  }

  private static void mrkdwn(ObjectNode textObject, String text) {
    textObject.put("type", "mrkdwn").put("text", text).put("verbatim", true);
  }

  /** Makes {@code text} literal inside Slack mrkdwn; see the class comment for the rules. */
  public static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '*' -> b.append('\u2217');
        case '_' -> b.append('\u02cd');
        case '~' -> b.append('\u223c');
        case '`' -> b.append('\u02cb');
        default -> b.append(c);
      }
    }
    Matcher m = SPECIAL_MENTION.matcher(b);
    return m.replaceAll("@" + NotificationText.WORD_JOINER);
  }

  /**
   * Cuts escaped text to at most {@code max} chars, never inside an entity such as {@code &amp;} or
   * a surrogate pair, ending in an ellipsis when cut.
   */
  static String clip(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - 1;
    int amp = text.lastIndexOf('&', end - 1);
    if (amp >= 0 && amp > end - 6 && text.indexOf(';', amp) >= end) {
      end = amp;
    }
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "\u2026";
  }
}
