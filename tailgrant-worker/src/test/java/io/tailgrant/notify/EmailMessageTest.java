package io.tailgrant.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EmailMessageTest {
  @ParameterizedTest
  @EnumSource(EventKind.class)
  void hostileTextComesOutLiteralInTheHtml(EventKind kind) {
    Notification n = Fixtures.hostile(kind);
    EmailMessage email = EmailMessage.of(n);
    Document doc = Jsoup.parse(email.html());
    assertTrue(doc.select("b, script, img, code, em, strong").isEmpty(), email.html());
    assertEquals(1, doc.select("a").size(), "only our link: " + email.html());
    assertEquals("https://tailgrant.example.com/grants/g-42", doc.selectFirst("a").attr("href"));
    Element sentence = doc.select("p").first();
    assertEquals(
        Fixtures.stripJoiners(NotificationText.sentence(n)),
        Fixtures.stripJoiners(sentence.text()));
    assertFalse(email.html().contains("<b>"));
    assertFalse(email.html().contains("<!channel>"));
  }

  @Test
  void theReasonReadsAsTypedInBothBodies() {
    EmailMessage email = EmailMessage.of(Fixtures.hostile(EventKind.REQUEST_WAITING));
    String seen = Fixtures.stripJoiners(Jsoup.parse(email.html()).select("p").first().text());
    assertTrue(seen.endsWith(": " + Fixtures.hostileAsSeen()), seen);
    assertTrue(Fixtures.stripJoiners(email.text()).contains(": " + Fixtures.hostileAsSeen()));
    assertFalse(
        email.text().lines().anyMatch(l -> l.startsWith("line2")),
        "no line of the user's own in the text body");
  }

  @Test
  void subjectIsOneLine() {
    Notification n =
        Fixtures.base(EventKind.REQUEST_WAITING)
            .requester("mallory\r\nBcc: victim@example.org")
            .target("db\n\nX-Injected: 1")
            .build();
    EmailMessage email = EmailMessage.of(n);
    assertEquals(
        "[TailGrant] Access request waiting for approval: mallory Bcc: victim@example.org on db"
            + " X-Injected: 1",
        email.subject());
    assertFalse(email.subject().chars().anyMatch(Character::isISOControl));
  }

  @Test
  void plainSubject() {
    assertEquals(
        "[TailGrant] Access granted: alice@example.com on alice-laptop",
        EmailMessage.of(Fixtures.plain(EventKind.ACTIVE)).subject());
  }

  @Test
  void htmlEscapingCoversAttributes() {
    assertEquals(
        "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;",
        EmailMessage.escapeHtml("<a href=\"x\" onclick='y'>&"));
  }
}
