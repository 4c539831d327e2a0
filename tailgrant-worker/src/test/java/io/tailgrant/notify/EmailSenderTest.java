package io.tailgrant.notify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.tailgrant.notify.DeliveryResult.Status;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** EmailSender against a real SMTP server (GreenMail) on loopback, on a free port. */
class EmailSenderTest {
  private static final String PASSWORD = "smtp-Pa55word";

  @RegisterExtension
  static final GreenMailExtension MAIL =
      new GreenMailExtension(
              new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("tg", PASSWORD));

  private static EmailSender sender(String username, String password) {
    return new EmailSender(
        new EmailSender.Config(
            "127.0.0.1",
            MAIL.getSmtp().getPort(),
            "tailgrant@example.com",
            false,
            username,
            password == null ? null : Secret.of(password),
            Duration.ofSeconds(5)),
        Clock.fixed(Fixtures.NOW, ZoneOffset.UTC));
  }

  private static Set<String> to(MimeMessage m) throws Exception {
    return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
        .map(Object::toString)
        .collect(Collectors.toSet());
  }

  @Test
  void deliversTextAndEscapedHtmlToTheEmailRecipients() throws Exception {
    Notification n = Fixtures.hostile(EventKind.REQUEST_WAITING);
    DeliveryResult r = sender("tg", PASSWORD).send(n);
    assertEquals(Status.DELIVERED, r.status(), r.message());

    MimeMessage[] received = MAIL.getReceivedMessages();
    assertEquals(2, received.length, "alice and bob; the login 'carol' is no address");
    MimeMessage m = received[0];
    assertEquals(Set.of("alice@example.com", "bob@example.com"), to(m));
    assertEquals("tailgrant@example.com", m.getFrom()[0].toString());
    EmailMessage expected = EmailMessage.of(n);
    assertEquals(expected.subject(), m.getSubject());
    assertEquals("<tailgrant.evt-0001@example.com>", m.getMessageID());
    assertEquals("auto-generated", m.getHeader("Auto-Submitted", null));
    assertEquals("evt-0001", m.getHeader("X-TailGrant-Event-Id", null));

    MimeMultipart parts = (MimeMultipart) m.getContent();
    assertTrue(parts.getContentType().startsWith("multipart/alternative"), parts.getContentType());
    assertEquals(2, parts.getCount());
    BodyPart text = parts.getBodyPart(0);
    BodyPart html = parts.getBodyPart(1);
    assertTrue(text.isMimeType("text/plain"));
    assertTrue(html.isMimeType("text/html"));
    assertEquals(normalize(expected.text()), normalize((String) text.getContent()));
    String htmlBody = (String) html.getContent();
    assertEquals(normalize(expected.html()), normalize(htmlBody));
    assertTrue(htmlBody.contains("&lt;b&gt;html&lt;/b&gt;"), htmlBody);
    assertTrue(htmlBody.contains("&lt;!channel&gt;"), htmlBody);
    Document doc = Jsoup.parse(htmlBody);
    assertTrue(doc.select("b").isEmpty());
    assertEquals(1, doc.select("a").size());
    String seen = Fixtures.stripJoiners(doc.select("p").first().text());
    assertTrue(seen.endsWith(": " + Fixtures.hostileAsSeen()), seen);
  }

  @Test
  void valuesCannotInjectHeadersOrRecipients() throws Exception {
    Notification n =
        Fixtures.base(EventKind.REQUEST_WAITING)
            .requester("mallory\r\nBcc: victim@example.org")
            .target("db\r\n\r\nX-Injected: 1")
            .reason("hi\r\n.\r\nMAIL FROM:<evil@example.org>")
            .recipients("alice@example.com", "eve@example.org\r\nBcc: victim@example.org", "x@y\nz")
            .build();
    DeliveryResult r = sender("tg", PASSWORD).send(n);
    assertEquals(Status.DELIVERED, r.status(), r.message());
    MimeMessage[] received = MAIL.getReceivedMessages();
    assertEquals(1, received.length, "only alice; no victim, no eve");
    MimeMessage m = received[0];
    assertEquals(Set.of("alice@example.com"), to(m));
    assertNull(m.getHeader("Bcc"));
    assertNull(m.getHeader("X-Injected"));
    assertFalse(m.getSubject().contains("\r") || m.getSubject().contains("\n"));
    assertTrue(m.getSubject().contains("mallory Bcc: victim@example.org"), m.getSubject());
    assertFalse(headerNames(m).stream().anyMatch(h -> h.equalsIgnoreCase("MAIL FROM")));
  }

  @Test
  void wrongPasswordIsPermanentAndNotLeaked() {
    DeliveryResult r = sender("tg", "wrong-" + PASSWORD).send(Fixtures.plain(EventKind.ACTIVE));
    assertEquals(Status.FAILED_PERMANENT, r.status(), r.message());
    assertFalse(r.message().contains(PASSWORD), r.message());
    assertEquals(0, MAIL.getReceivedMessages().length);
  }

  @Test
  void noEmailRecipientIsPermanent() {
    Notification n = Fixtures.base(EventKind.ACTIVE).recipients("carol", "dave").build();
    DeliveryResult r = sender("tg", PASSWORD).send(n);
    assertEquals(Status.FAILED_PERMANENT, r.status());
    assertEquals(0, MAIL.getReceivedMessages().length);
  }

  @Test
  void noServerIsRetryable() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    EmailSender sender =
        new EmailSender(
            new EmailSender.Config(
                "127.0.0.1",
                port,
                "tailgrant@example.com",
                false,
                null,
                null,
                Duration.ofSeconds(2)));
    DeliveryResult r = sender.send(Fixtures.plain(EventKind.ACTIVE));
    assertEquals(Status.FAILED_RETRYABLE, r.status(), r.message());
  }

  @Test
  void configRedactsThePasswordAndChecksItsValues() {
    EmailSender.Config c =
        new EmailSender.Config(
            "smtp.example.com",
            587,
            "tailgrant@example.com",
            true,
            "tg",
            Secret.of(PASSWORD),
            null);
    assertFalse(c.toString().contains(PASSWORD), c.toString());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new EmailSender.Config(
                "smtp.example.com", 587, "not an address", true, null, null, null));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new EmailSender.Config("smtp.example.com", 0, "a@example.com", true, null, null, null));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new EmailSender.Config(
                "smtp.example.com", 587, "a@example.com", true, "u", null, null));
  }

  @Test
  void onlyPlainAddressesAreRecipients() {
    assertArrayEquals(
        new String[] {"a@example.com"},
        EmailSender.addresses(
                List.of(
                    "a@example.com",
                    "Eve <e@example.com>",
                    "b@example.com, c@example.com",
                    "login"))
            .stream()
            .map(Object::toString)
            .toArray());
  }

  private static String normalize(String s) {
    return s.replace("\r\n", "\n").strip();
  }

  private static List<String> headerNames(MimeMessage m) throws Exception {
    Enumeration<jakarta.mail.Header> all = m.getAllHeaders();
    List<String> names = new java.util.ArrayList<>();
    while (all.hasMoreElements()) {
      names.add(all.nextElement().getName());
    }
    return names;
  }
}
