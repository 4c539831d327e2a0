package io.tailgrant.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tailgrant.events.TailnetEventAction;
import io.tailgrant.events.TailnetEventInput;
import io.tailgrant.hooks.WebhookRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A delivery becomes the events TailGrant acts on, once, or is refused changing nothing. */
class TailscaleHookReceiverTest {
  private static final String SECRET = "tswh-receiver-test";
  private static final Instant NOW = Instant.parse("2026-03-01T14:05:00Z");

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
  private final TailscaleHookReceiver receiver =
      new TailscaleHookReceiver(SECRET, Set.of("auditor"), Set.of("k8s-tka"), clock);

  private static byte[] body(String... events) {
    return ("[" + String.join(",", events) + "]").getBytes(StandardCharsets.UTF_8);
  }

  private static String event(String type, String data) {
    return "{\"timestamp\":\"2026-03-01T14:04:58Z\",\"version\":1,\"type\":\""
        + type
        + "\",\"tailnet\":\"example.com\",\"message\":\"m\",\"data\":"
        + data
        + "}";
  }

  private String sign(byte[] body) {
    return TailscaleWebhookSignature.sign(body, SECRET, clock.instant());
  }

  @Test
  void aReplayIsCaughtHoweverItsHeaderIsDressedUp() throws Exception {
    byte[] body = body(event("userDeleted", "{\"user\":\"alice@example.com\"}"));
    String header = sign(body);
    receiver.accept(header, body);

    for (String replay :
        List.of(
            header, header + ",v0=ignored", header + ",v1=" + "0".repeat(64), "x=y," + header)) {
      WebhookRejectedException e =
          assertThrows(WebhookRejectedException.class, () -> receiver.accept(replay, body));
      assertEquals(Reason.REPLAYED, e.reason(), replay);
    }
  }

  @Test
  void aDeliveryThatCouldNotBeActedOnIsTakenAgainOnceForgotten() throws Exception {
    byte[] body = body(event("userSuspended", "{\"user\":\"alice@example.com\"}"));
    String header = sign(body);
    receiver.forget(receiver.accept(header, body));

    assertEquals(1, receiver.accept(header, body).actions().size());
  }

  @Test
  void eachEventActsOnceAndOthersAreIgnored() throws Exception {
    String deleted = event("userDeleted", "{\"user\":\"alice@example.com\"}");
    byte[] body =
        body(
            deleted,
            deleted,
            event("userRestored", "{\"user\":\"bob@example.com\"}"),
            event("userRoleUpdated", "{\"user\":\"bob@example.com\",\"newRoles\":[\"member\"]}"),
            event("userRoleUpdated", "{\"user\":\"dave@example.com\",\"newRoles\":[\"auditor\"]}"),
            event("nodeDeleted", "{\"nodeID\":\"nABC123CNTRL\",\"deviceName\":\"x.ts.net\"}"),
            event("policyUpdate", "{}"),
            event("somethingNew", "{\"anything\":[1,2]}"));

    TailscaleHookReceiver.Delivery d = receiver.accept(sign(body), body);

    assertEquals(8, d.events());
    assertEquals(
        List.of(
            "OFFBOARD alice@example.com",
            "OFFBOARD dave@example.com",
            "NODE_DELETED nABC123CNTRL",
            "POLICY_UPDATE null"),
        d.actions().stream().map(a -> a.action() + " " + a.subject()).toList());
    TailnetEventInput policy = d.actions().get(3);
    assertEquals(Set.of("k8s-tka"), policy.capabilityTypes());
    assertEquals(NOW, policy.receivedAt());
    assertEquals(Instant.parse("2026-03-01T14:04:58Z"), policy.eventAt());
    assertEquals(TailnetEventAction.POLICY_UPDATE, policy.action());
  }

  @Test
  void aMessageIsKeptOnlyUpToItsLimit() throws Exception {
    String message = "x".repeat(5000);
    byte[] body =
        body(
            "{\"timestamp\":\"2026-03-01T14:04:58Z\",\"version\":1,\"type\":\"userDeleted\","
                + "\"message\":\""
                + message
                + "\",\"data\":{\"user\":\"alice@example.com\"}}");

    assertEquals(
        TailscaleHookReceiver.MAX_MESSAGE,
        receiver.accept(sign(body), body).actions().get(0).message().length());
  }

  @Test
  void anActedOnEventWithoutItsSubjectIsMalformed() {
    for (String bad :
        List.of(
            event("userDeleted", "{}"),
            event("userDeleted", "{\"user\":42}"),
            event("userDeleted", "{\"user\":\"a b@example.com\"}"),
            event("userDeleted", "{\"user\":\"" + "a".repeat(400) + "\"}"),
            event("nodeDeleted", "{\"deviceName\":\"x\"}"),
            event("userRoleUpdated", "{\"user\":\"bob@example.com\",\"newRoles\":\"admin\"}"))) {
      byte[] body = body(bad);
      assertThrows(MalformedEventException.class, () -> receiver.accept(sign(body), body), bad);
    }
  }

  @Test
  void theRateRefillsOverAMinute() {
    DeliveryRate rate = new DeliveryRate(2, clock);
    assertEquals(0, rate.take());
    assertEquals(0, rate.take());
    assertEquals(30, rate.take(), "one token comes back every 30 s");
    clock.now = NOW.plus(Duration.ofSeconds(31));
    assertEquals(0, rate.take());
    assertEquals(29, rate.take());
  }
}
