package io.tailgrant.hooks;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tailgrant.hooks.WebhookRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TailscaleWebhookSignatureTest {
  private static final String SECRET = "tskey-webhook-xxxxx";
  private static final Instant NOW = Instant.parse("2026-03-01T14:05:00Z");
  private static final byte[] BODY =
      ("[{\"timestamp\":\"2026-03-01T14:04:59.5Z\",\"version\":1,\"type\":\"nodeCreated\","
              + "\"tailnet\":\"example.com\",\"message\":\"Node laptop created\","
              + "\"data\":{\"nodeID\":\"n123\",\"deviceName\":\"laptop\"}}]")
          .getBytes(StandardCharsets.UTF_8);

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    Instant now = NOW;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MutableClock clock = new MutableClock();
  private final TailscaleWebhookSignature verifier =
      new TailscaleWebhookSignature(SECRET, Duration.ofMinutes(5), clock, new ReplayGuard(100));

  /** What Tailscale's example computes: hex(HMAC-SHA256(secret, "<t>.<body>")). */
  private static String expected(long t, byte[] body, String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  private Reason rejected(String header, byte[] body) {
    return assertThrows(WebhookRejectedException.class, () -> verifier.verify(header, body))
        .reason();
  }

  private static String header(Instant at) {
    return TailscaleWebhookSignature.sign(BODY, SECRET, at);
  }

  @Test
  void signMatchesTheExampleScheme() throws Exception {
    long t = NOW.getEpochSecond();
    assertEquals("t=" + t + ",v1=" + expected(t, BODY, SECRET), header(NOW));
  }

  @Test
  void validDeliveryIsAccepted() {
    assertDoesNotThrow(() -> verifier.verify(header(NOW.minusSeconds(10)), BODY));
  }

  @Test
  void tamperedBodyIsRejected() {
    byte[] tampered =
        new String(BODY, StandardCharsets.UTF_8)
            .replace("laptop", "server")
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(Reason.BAD_SIGNATURE, rejected(header(NOW), tampered));
  }

  @Test
  void wrongSecretIsRejected() {
    String header = TailscaleWebhookSignature.sign(BODY, "tskey-webhook-other", NOW);
    assertEquals(Reason.BAD_SIGNATURE, rejected(header, BODY));
  }

  @Test
  void changedTimestampIsRejected() throws Exception {
    long t = NOW.getEpochSecond();
    String header = "t=" + (t - 1) + ",v1=" + expected(t, BODY, SECRET);
    assertEquals(Reason.BAD_SIGNATURE, rejected(header, BODY));
  }

  @Test
  void staleTimestampIsRejected() {
    assertEquals(Reason.STALE, rejected(header(NOW.minusSeconds(301)), BODY));
    assertDoesNotThrow(() -> verifier.verify(header(NOW.minusSeconds(300)), BODY));
  }

  @Test
  void futureTimestampIsRejected() {
    assertEquals(Reason.FUTURE, rejected(header(NOW.plusSeconds(301)), BODY));
    assertDoesNotThrow(() -> verifier.verify(header(NOW.plusSeconds(300)), BODY));
  }

  @Test
  void toleranceIsConfigurable() {
    TailscaleWebhookSignature strict =
        new TailscaleWebhookSignature(SECRET, Duration.ofSeconds(30), clock, null);
    assertEquals(
        Reason.STALE,
        assertThrows(
                WebhookRejectedException.class,
                () -> strict.verify(header(NOW.minusSeconds(31)), BODY))
            .reason());
    assertDoesNotThrow(() -> strict.verify(header(NOW.minusSeconds(29)), BODY));
  }

  @Test
  void replayIsRejectedWithinTheWindowAndForgottenAfter() {
    String header = header(NOW);
    assertDoesNotThrow(() -> verifier.verify(header, BODY));
    assertEquals(Reason.REPLAYED, rejected(header, BODY));
    clock.now = NOW.plusSeconds(200);
    assertEquals(Reason.REPLAYED, rejected(header, BODY));
    clock.now = NOW.plusSeconds(301);
    assertEquals(Reason.STALE, rejected(header, BODY), "past the window the age check takes over");
  }

  @Test
  void replayGuardMemoryIsBounded() {
    TailscaleWebhookSignature small =
        new TailscaleWebhookSignature(SECRET, Duration.ofMinutes(5), clock, new ReplayGuard(2));
    assertDoesNotThrow(() -> small.verify(header(NOW.minusSeconds(2)), BODY));
    assertDoesNotThrow(() -> small.verify(header(NOW.minusSeconds(1)), BODY));
    assertEquals(
        Reason.REPLAY_GUARD_FULL,
        assertThrows(WebhookRejectedException.class, () -> small.verify(header(NOW), BODY))
            .reason());
    clock.now = NOW.plusSeconds(299);
    assertDoesNotThrow(
        () -> small.verify(header(NOW.plusSeconds(299)), BODY), "expired ones were dropped");
  }

  @Test
  void anOfSeveralV1SignaturesMayMatch() throws Exception {
    long t = NOW.getEpochSecond();
    String good = expected(t, BODY, SECRET);
    String old = expected(t, BODY, "tskey-webhook-old");
    assertDoesNotThrow(() -> verifier.verify("t=" + t + ",v1=" + old + ",v1=" + good, BODY));
    assertDoesNotThrow(
        () ->
            TailscaleWebhookSignature.verify(
                "v0=x,t=" + t + ",v1=" + good + ",v1=00",
                BODY,
                SECRET,
                NOW,
                Duration.ofMinutes(5)));
    assertEquals(Reason.BAD_SIGNATURE, rejected("t=" + t + ",v1=" + old + ",v1=00", BODY));
  }

  @Test
  void replayOfTheSameDeliveryWithSignaturesReorderedIsStillAReplay() throws Exception {
    long t = NOW.getEpochSecond();
    String good = expected(t, BODY, SECRET);
    assertDoesNotThrow(() -> verifier.verify("t=" + t + ",v1=" + good, BODY));
    assertEquals(Reason.REPLAYED, rejected("v1=00,v1=" + good + ",t=" + t, BODY));
  }

  @ParameterizedTest
  @NullAndEmptySource
  void missingHeaderIsRejected(String header) {
    assertEquals(Reason.MISSING_HEADER, rejected(header, BODY));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "garbage",
        "t=1772373900",
        "v1=abcdef",
        "t=soon,v1=abcdef",
        "t=1772373900;v1=abcdef",
        "t=1772373900,v1=ab=cd",
        "t=1772373900,,v1=abcdef",
        " t=1772373900,v1=abcdef",
        "t=,v1=abcdef"
      })
  void garbledHeaderIsRejected(String header) {
    assertEquals(Reason.MALFORMED_HEADER, rejected(header, BODY));
  }

  @Test
  void extremeTimestampsDoNotOverflow() {
    assertEquals(Reason.STALE, rejected("t=" + Long.MIN_VALUE + ",v1=00", BODY));
    assertEquals(Reason.FUTURE, rejected("t=" + Long.MAX_VALUE + ",v1=00", BODY));
  }

  @Test
  void messagesAndToStringKeepTheSecretAndExpectedSignatureOut() throws Exception {
    long t = NOW.getEpochSecond();
    String want = expected(t, BODY, SECRET);
    WebhookRejectedException e =
        assertThrows(
            WebhookRejectedException.class, () -> verifier.verify("t=" + t + ",v1=00", BODY));
    assertFalse(e.getMessage().contains(want));
    assertFalse(verifier.toString().contains(SECRET));
  }
}
