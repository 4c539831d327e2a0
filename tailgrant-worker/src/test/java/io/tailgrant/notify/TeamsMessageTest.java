package io.tailgrant.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.autolink.AutolinkType;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TeamsMessageTest {
  // Links in URL and www form, as chat clients detect them; addresses (mailto) are left out, since
  // the requester's own address may well become a link and that is fine.
  private static final List<Extension> EXTENSIONS =
      List.of(AutolinkExtension.builder().linkTypes(AutolinkType.URL, AutolinkType.WWW).build());
  private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
  private static final HtmlRenderer RENDERER =
      HtmlRenderer.builder().extensions(EXTENSIONS).build();

  /** Renders a TextBlock's text as a CommonMark renderer with link detection would. */
  private static Document render(String markdown) {
    return Jsoup.parseBodyFragment(RENDERER.render(PARSER.parse(markdown)));
  }

  private static JsonNode card(Notification n) {
    return TeamsMessage.payload(n).at("/attachments/0/content");
  }

  /** The only element a user's text may produce is the paragraph around it. */
  private static void assertNoMarkup(Document doc, String source) {
    for (Element e : doc.body().getAllElements()) {
      assertTrue(
          List.of("body", "p").contains(e.tagName()),
          "<" + e.tagName() + "> from: " + source + "\n" + doc.body().html());
    }
  }

  @Test
  void payloadHasTheWorkflowsAdaptiveCardShape() {
    Notification n = Fixtures.plain(EventKind.APPROVED);
    JsonNode p = TeamsMessage.payload(n);
    assertEquals("message", p.get("type").asText());
    assertTrue(p.get("attachments").isArray());
    assertEquals(1, p.get("attachments").size());
    JsonNode attachment = p.get("attachments").get(0);
    assertEquals("application/vnd.microsoft.card.adaptive", attachment.get("contentType").asText());
    assertTrue(attachment.has("contentUrl") && attachment.get("contentUrl").isNull());
    JsonNode card = attachment.get("content");
    assertEquals(
        "http://adaptivecards.io/schemas/adaptive-card.json", card.get("$schema").asText());
    assertEquals("AdaptiveCard", card.get("type").asText());
    assertEquals("1.4", card.get("version").asText());
    assertTrue(card.get("body").isArray() && card.get("body").size() >= 2);
    for (JsonNode block : card.get("body")) {
      assertEquals("TextBlock", block.get("type").asText());
      assertTrue(block.get("text").isTextual() && !block.get("text").asText().isBlank());
      assertTrue(block.get("wrap").asBoolean());
    }
    assertEquals("Access request approved", card.at("/body/0/text").asText());
    assertEquals(
        "bob@example.com approved alice@example.com's request for db-admin on alice-laptop for"
            + " 30m: ok for today",
        card.at("/body/1/text").asText());
    JsonNode actions = card.get("actions");
    assertEquals(1, actions.size());
    assertEquals("Action.OpenUrl", actions.get(0).get("type").asText());
    assertEquals("Open in TailGrant", actions.get(0).get("title").asText());
    assertEquals("https://tailgrant.example.com/grants/g-42", actions.get(0).get("url").asText());
  }

  @ParameterizedTest
  @EnumSource(EventKind.class)
  void hostileTextComesOutLiteral(EventKind kind) {
    Notification n = Fixtures.hostile(kind);
    for (JsonNode block : card(n).get("body")) {
      String text = block.get("text").asText();
      Document doc = render(text);
      assertNoMarkup(doc, text);
      assertFalse(text.contains("{{"), "no {{DATE()}} function can form: " + text);
    }
    String sentence = card(n).at("/body/1/text").asText();
    assertEquals(
        Fixtures.stripJoiners(NotificationText.sentence(n)),
        Fixtures.stripJoiners(render(sentence).body().text()));
  }

  @Test
  void theRecipientsAreNamedAndEscaped() {
    Notification n =
        Fixtures.base(EventKind.REQUEST_WAITING)
            .recipients("bob@example.com", "[x](http://evil.example)", "# *erin*")
            .build();
    JsonNode body = card(n).get("body");
    String forWhom = body.get(2).get("text").asText();
    Document doc = render(forWhom);
    assertNoMarkup(doc, forWhom);
    assertEquals(
        "For bob@example.com, [x](http://evil.example), # *erin*",
        Fixtures.stripJoiners(doc.body().text()));
  }

  @Test
  void theReasonReadsAsTyped() {
    String sentence = card(Fixtures.hostile(EventKind.REQUEST_WAITING)).at("/body/1/text").asText();
    String seen = Fixtures.stripJoiners(render(sentence).body().text());
    assertTrue(seen.endsWith(": " + Fixtures.hostileAsSeen()), seen);
  }

  @Test
  void noLinkEvenForARendererThatIgnoresBackslashes() {
    String sentence = card(Fixtures.hostile(EventKind.REQUEST_WAITING)).at("/body/1/text").asText();
    Document doc = render(sentence.replace("\\", ""));
    assertTrue(doc.select("a").isEmpty(), doc.body().html());
  }

  @Test
  void valuesThatLookLikeBlockMarkupStayText() {
    for (String requester : List.of("- x", "+ x", "# x", "1. x", "12) x", "> x", "* x", "```x")) {
      Notification n = Fixtures.base(EventKind.EXPIRED).requester(requester).build();
      String text = card(n).at("/body/1/text").asText();
      Document doc = render(text);
      assertNoMarkup(doc, text);
      assertTrue(
          doc.body().text().startsWith(requester + "'s db-admin"),
          requester + " -> " + doc.body().text());
    }
  }

  @Test
  void dateFunctionsAndEntitiesStayText() {
    Notification n =
        Fixtures.base(EventKind.REQUEST_WAITING)
            .reason("{{DATE(2017-02-14T06:08:39Z,SHORT)}} &amp; &#60;b&#62;")
            .build();
    String text = card(n).at("/body/1/text").asText();
    assertFalse(text.contains("{{"), text);
    Document doc = render(text);
    assertNoMarkup(doc, text);
    assertTrue(
        doc.body().text().endsWith("{{DATE(2017-02-14T06:08:39Z,SHORT)}} &amp; &#60;b&#62;"),
        doc.body().text());
  }

  @Test
  void escapeRules() {
    assertEquals("\\*a\\* \\_b\\_ \\~c\\~ \\`d\\`", TeamsMessage.escape("*a* _b_ ~c~ `d`"));
    assertEquals("\\[x\\]\u2060(y)", TeamsMessage.escape("[x](y)"));
    assertEquals("\\<at\\>bob\\</at\\> \\\\ \\&", TeamsMessage.escape("<at>bob</at> \\ &"));
    assertEquals("\\- a - b", TeamsMessage.escape("- a - b"));
    assertEquals("3\\. a 4. b", TeamsMessage.escape("3. a 4. b"));
    assertEquals("2026 plan", TeamsMessage.escape("2026 plan"));
  }
}
