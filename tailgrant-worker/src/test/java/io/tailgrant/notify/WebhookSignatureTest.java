package io.tailgrant.notify;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tailgrant.notify.WebhookSignature.InvalidSignatureException;
import io.tailgrant.notify.WebhookSignature.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSignatureTest {
  private static final String SECRET = "whsec-test-secret";
  private static final byte[] BODY = "{\"id\":\"evt-1\"}".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.ofEpochSecond(1_772_373_900L);

  private static Reason rejected(String header, byte[] body, String secret, Instant now) {
    return assertThrows(
            InvalidSignatureException.class,
            () -> WebhookSignature.verify(header, body, secret, now))
        .reason();
  }

  @Test
  void signatureIsHmacSha256OverTimestampDotBody() throws Exception {
    String header = WebhookSignature.sign(BODY, SECRET, NOW);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String want =
        HexFormat.of()
            .formatHex(
                mac.doFinal(
                    ("1772373900." + new String(BODY, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8)));
    assertEquals("t=1772373900,v1=" + want, header);
  }

  @Test
  void validSignatureVerifies() {
    String header = WebhookSignature.sign(BODY, SECRET, NOW);
    assertDoesNotThrow(() -> WebhookSignature.verify(header, BODY, SECRET, NOW));
    assertDoesNotThrow(() -> WebhookSignature.verify(header, BODY, SECRET, NOW.plusSeconds(300)));
    assertDoesNotThrow(() -> WebhookSignature.verify(header, BODY, SECRET, NOW.minusSeconds(300)));
  }

  @Test
  void tamperedBodyOrWrongSecretIsRejected() {
    String header = WebhookSignature.sign(BODY, SECRET, NOW);
    byte[] tampered = "{\"id\":\"evt-2\"}".getBytes(StandardCharsets.UTF_8);
    assertEquals(Reason.BAD_SIGNATURE, rejected(header, tampered, SECRET, NOW));
    assertEquals(Reason.BAD_SIGNATURE, rejected(header, BODY, "another-secret", NOW));
  }

  @Test
  void changedTimestampIsRejected() {
    String header =
        WebhookSignature.sign(BODY, SECRET, NOW).replace("t=1772373900", "t=1772373960");
    assertEquals(Reason.BAD_SIGNATURE, rejected(header, BODY, SECRET, NOW));
  }

  @Test
  void staleAndFutureTimestampsAreRejected() {
    String header = WebhookSignature.sign(BODY, SECRET, NOW);
    assertEquals(Reason.STALE, rejected(header, BODY, SECRET, NOW.plusSeconds(301)));
    assertEquals(Reason.FUTURE, rejected(header, BODY, SECRET, NOW.minusSeconds(301)));
    assertThrows(
        InvalidSignatureException.class,
        () ->
            WebhookSignature.verify(
                header, BODY, SECRET, NOW.plusSeconds(61), Duration.ofMinutes(1)));
  }

  @Test
  void anyOfSeveralSignaturesMayMatch() {
    String good = WebhookSignature.sign(BODY, SECRET, NOW);
    String v1 = good.substring(good.indexOf("v1="));
    String header = "t=1772373900,v1=" + "0".repeat(64) + "," + v1 + ",v0=ignored";
    assertDoesNotThrow(() -> WebhookSignature.verify(header, BODY, SECRET, NOW));
    String rotated = WebhookSignature.sign(BODY, "old-secret", NOW) + "," + v1;
    assertDoesNotThrow(() -> WebhookSignature.verify(rotated, BODY, SECRET, NOW));
  }

  @ParameterizedTest
  @NullAndEmptySource
  void missingHeaderIsRejected(String header) {
    assertEquals(Reason.MISSING, rejected(header, BODY, SECRET, NOW));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "garbage",
        "t=1772373900",
        "v1=abc",
        "t=abc,v1=abc",
        "t=1772373900;v1=abc",
        "t=1772373900,v1=a=b",
        "t=,v1=abc",
        "t=1772373900,,v1=abc"
      })
  void garbledHeaderIsRejected(String header) {
    assertEquals(Reason.MALFORMED, rejected(header, BODY, SECRET, NOW));
  }

  @Test
  void extremeTimestampIsRejectedNotOverflowed() {
    String header = "t=" + Long.MIN_VALUE + ",v1=00";
    assertThrows(
        InvalidSignatureException.class, () -> WebhookSignature.verify(header, BODY, SECRET, NOW));
  }

  @Test
  void messagesNeverIncludeTheExpectedSignature() {
    String good = WebhookSignature.sign(BODY, SECRET, NOW);
    String want = good.substring(good.indexOf("v1=") + 3);
    InvalidSignatureException e =
        assertThrows(
            InvalidSignatureException.class,
            () -> WebhookSignature.verify("t=1772373900,v1=00", BODY, SECRET, NOW));
    assertFalse(e.getMessage().contains(want));
  }

  @Test
  void payloadIsStableJson() throws Exception {
    Notification n = Fixtures.hostile(EventKind.REVOKED);
    JsonNode p = new ObjectMapper().readTree(WebhookPayload.json(n));
    assertEquals("evt-0001", p.get("id").asText());
    assertEquals("revoked", p.get("type").asText());
    assertEquals("2026-03-01T14:05:00Z", p.get("occurredAt").asText());
    JsonNode g = p.get("grant");
    assertEquals("g-42", g.get("id").asText());
    assertEquals("db-admin", g.get("type").asText());
    assertEquals("alice@example.com", g.get("requester").asText());
    assertEquals("alice-laptop", g.get("target").asText());
    assertEquals("PT30M", g.get("duration").asText());
    assertEquals(Fixtures.HOSTILE, g.get("reason").asText(), "raw value, JSON-escaped only");
    assertEquals("bob@example.com", g.get("actor").asText());
    assertEquals("2026-03-01T14:35:00Z", g.get("expiresAt").asText());
    assertEquals("https://tailgrant.example.com/grants/g-42", g.get("link").asText());
    assertEquals(3, p.get("recipients").size());
    assertEquals(NotificationText.sentence(n), p.get("text").asText());
    assertFalse(p.get("text").asText().contains("\n"));
    assertTrue(WebhookPayload.json(n).startsWith("{\"id\":\"evt-0001\",\"type\":\"revoked\","));
  }

  @Test
  void absentValuesAreNull() throws Exception {
    Notification n =
        Notification.builder()
            .eventId("e")
            .kind(EventKind.EXPIRED)
            .occurredAt(NOW)
            .grantId("g")
            .link("https://tailgrant.example.com/grants/g")
            .build();
    JsonNode g = new ObjectMapper().readTree(WebhookPayload.json(n)).get("grant");
    assertTrue(
        g.get("reason").isNull() && g.get("duration").isNull() && g.get("expiresAt").isNull());
  }
}
