package io.tailgrant.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SlackMessageTest {
  private static final Pattern LIVE_MENTION =
      Pattern.compile("(?i)@(channel|here|everyone|group)(?![\\p{L}\\p{N}_])");

  /**
   * How Slack shows mrkdwn without markup: entities decoded; our look-alikes read as the originals.
   */
  private static String asSeen(String mrkdwn) {
    return Fixtures.stripJoiners(mrkdwn)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .replace('\u2217', '*')
        .replace('\u02cd', '_')
        .replace('\u223c', '~')
        .replace('\u02cb', '`');
  }

  /** Nothing in {@code text} can be parsed by Slack as formatting, a mention or a link. */
  private static void assertInert(String text) {
    for (char c : "<>*_~`".toCharArray()) {
      assertTrue(text.indexOf(c) < 0, "no raw '" + c + "' in: " + text);
    }
    assertFalse(text.replaceAll("&(amp|lt|gt);", "").contains("&"), "& only in entities: " + text);
    assertFalse(LIVE_MENTION.matcher(text).find(), "no live @mention in: " + text);
    assertFalse(text.contains("://"), "no scheme link in: " + text);
  }

  @Test
  void payloadHasTheBlockKitShape() {
    Notification n = Fixtures.plain(EventKind.REQUEST_WAITING);
    JsonNode p = SlackMessage.payload(n);
    assertEquals(List.of("text", "blocks"), fieldNames(p));
    assertTrue(p.get("text").isTextual() && !p.get("text").asText().isBlank());
    JsonNode blocks = p.get("blocks");
    assertTrue(blocks.isArray());
    assertEquals(3, blocks.size());

    JsonNode section = blocks.get(0);
    assertEquals("section", section.get("type").asText());
    assertEquals("mrkdwn", section.at("/text/type").asText());
    assertTrue(section.at("/text/verbatim").asBoolean());
    String text = section.at("/text/text").asText();
    assertTrue(text.length() <= 3000);
    assertEquals(
        "*Access request waiting for approval*\n"
            + "alice@example.com asks for db-admin on alice-laptop for 30m: debug the replica lag",
        text);

    JsonNode context = blocks.get(1);
    assertEquals("context", context.get("type").asText());
    assertTrue(context.get("elements").isArray());
    for (JsonNode e : context.get("elements")) {
      assertEquals("mrkdwn", e.get("type").asText());
      assertTrue(e.get("text").isTextual());
    }

    JsonNode actions = blocks.get(2);
    assertEquals("actions", actions.get("type").asText());
    assertEquals(1, actions.get("elements").size());
    JsonNode button = actions.get("elements").get(0);
    assertEquals("button", button.get("type").asText());
    assertEquals("plain_text", button.at("/text/type").asText());
    String label = button.at("/text/text").asText();
    assertTrue(!label.isEmpty() && label.length() <= 75, label);
    assertEquals("https://tailgrant.example.com/grants/g-42", button.get("url").asText());
    assertTrue(button.get("action_id").isTextual());
  }

  @ParameterizedTest
  @EnumSource(EventKind.class)
  void hostileTextComesOutLiteral(EventKind kind) {
    Notification n = Fixtures.hostile(kind);
    JsonNode p = SlackMessage.payload(n);
    String section = p.at("/blocks/0/text/text").asText();
    String titleLine = section.substring(0, section.indexOf('\n'));
    String sentence = section.substring(section.indexOf('\n') + 1);
    assertEquals("*" + kind.title() + "*", titleLine, "only our own bold title is markup");
    assertInert(sentence);
    assertEquals(Fixtures.stripJoiners(NotificationText.sentence(n)), asSeen(sentence));

    String fallback = p.get("text").asText();
    assertInert(fallback);
    assertEquals(kind.title() + ": " + asSeen(sentence), asSeen(fallback));
    assertInert(p.at("/blocks/1/elements/0/text").asText());
  }

  @Test
  void theReasonReadsAsTyped() {
    Notification n = Fixtures.hostile(EventKind.REQUEST_WAITING);
    String sentence = SlackMessage.payload(n).at("/blocks/0/text/text").asText().split("\n", 2)[1];
    assertTrue(asSeen(sentence).endsWith(": " + Fixtures.hostileAsSeen()), asSeen(sentence));
  }

  @Test
  void hostileNamesAreEscapedToo() {
    Notification n =
        Fixtures.base(EventKind.APPROVED)
            .requester("<@U123>")
            .actor("<!everyone>")
            .target("*prod*")
            .grantType("_admin_")
            .build();
    String sentence = SlackMessage.payload(n).at("/blocks/0/text/text").asText().split("\n", 2)[1];
    assertInert(sentence);
    assertTrue(sentence.startsWith("&lt;!everyone&gt; approved &lt;@U123&gt;'s"), sentence);
  }

  @Test
  void theRecipientsAreNamedAndEscaped() {
    Notification n =
        Fixtures.base(EventKind.REQUEST_WAITING)
            .recipients("bob@example.com", "<!channel>", "@here *x*", "erin@example.com")
            .build();
    JsonNode elements = SlackMessage.payload(n).at("/blocks/1/elements");
    String forWhom = elements.get(0).get("text").asText();
    assertInert(forWhom);
    assertEquals("For bob@example.com, <!channel>, @here *x*, erin@example.com", asSeen(forWhom));
    assertTrue(elements.get(1).get("text").asText().contains("grant g-42"));

    JsonNode noOne =
        SlackMessage.payload(Fixtures.base(EventKind.EXPIRED).recipients(List.of()).build())
            .at("/blocks/1/elements");
    assertEquals(1, noOne.size(), "no empty 'For' line");
  }

  @Test
  void escapeRules() {
    assertEquals("a &amp; b &lt;c&gt;", SlackMessage.escape("a & b <c>"));
    assertEquals("&lt;!here&gt; &lt;@U123|bob&gt;", SlackMessage.escape("<!here> <@U123|bob>"));
    assertEquals("@\u2060Channel, @\u2060here!", SlackMessage.escape("@Channel, @here!"));
    assertEquals("@heresy @channels", SlackMessage.escape("@heresy @channels"));
    assertEquals(
        "\u2217b\u2217 \u02cdi\u02cd \u223cs\u223c \u02cbc\u02cb",
        SlackMessage.escape("*b* _i_ ~s~ `c`"));
  }

  @Test
  void longTextIsClippedWithinSlackLimitsWithoutBreakingAnEntity() {
    Notification n = Fixtures.base(EventKind.REQUEST_WAITING).reason("&".repeat(999)).build();
    JsonNode p = SlackMessage.payload(n);
    String section = p.at("/blocks/0/text/text").asText();
    assertTrue(section.length() <= SlackMessage.MAX_TEXT, "length " + section.length());
    assertTrue(section.endsWith("&amp;\u2026"), section.substring(section.length() - 10));
    assertTrue(p.get("text").asText().length() <= SlackMessage.MAX_TEXT);
  }

  @Test
  void clipNeverSplitsAnEntityOrSurrogatePair() {
    assertEquals("ab\u2026", SlackMessage.clip("ab&amp;cd", 5));
    assertEquals("a\u2026", SlackMessage.clip("a\ud83d\ude00bc", 3));
    assertEquals("abc", SlackMessage.clip("abc", 3));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
