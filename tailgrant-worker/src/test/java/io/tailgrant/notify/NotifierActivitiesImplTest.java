package io.tailgrant.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The notifier's one attempt: dedupe, retry or give up, the link, and the counter. */
class NotifierActivitiesImplTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<Notification> sent = new ArrayList<>();
  private final List<DeliveryResult> answers = new ArrayList<>();

  private final ChannelSender scripted =
      n -> {
        sent.add(n);
        return answers.isEmpty() ? DeliveryResult.delivered(200, "HTTP 200") : answers.remove(0);
      };

  private NotifierActivitiesImpl notifier;

  @BeforeEach
  void setUp() {
    Metrics.addRegistry(meters);
    notifier =
        new NotifierActivitiesImpl(
            NotificationChannels.of(Map.of("chat", scripted)),
            "https://tailgrant.example.ts.net/",
            Clock.fixed(Fixtures.NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void tearDown() {
    Metrics.removeRegistry(meters);
  }

  private static NotifyRequest request(EventKind kind, String channel) {
    return new NotifyRequest(
        "g-1/" + kind.wireName() + "/1",
        kind,
        channel,
        List.of("alice@example.com"),
        Fixtures.NOW,
        "g-1",
        "db-admin",
        "alice@example.com",
        "alice-laptop",
        Duration.ofMinutes(30),
        "incident 42",
        null,
        null,
        Fixtures.NOW.plus(Duration.ofMinutes(30)));
  }

  private double count(String channel, String outcome) {
    var c =
        meters
            .find(NotifierActivitiesImpl.METRIC)
            .tag("channel", channel)
            .tag("outcome", outcome)
            .counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void deliversOnceAndARetriedActivityDoesNotSendAgain() {
    NotifyRequest r = request(EventKind.ACTIVE, "chat");
    NotifierActivitiesImpl.Attempt first = notifier.attempt(r, 1);
    assertTrue(first.outcome().delivered());
    assertFalse(first.retry());
    assertEquals(Fixtures.NOW, first.outcome().at());
    NotifierActivitiesImpl.Attempt again = notifier.attempt(r, 2);
    assertTrue(again.outcome().delivered());
    assertEquals(1, sent.size(), "the same event on the same channel is sent once");
    assertEquals(1, count("chat", "delivered"));
    assertEquals(1, count("chat", "duplicate"));
  }

  @Test
  void theLinkOpensTheGrantAndAnExpiryReminderItsExtendForm() {
    notifier.attempt(request(EventKind.ACTIVE, "chat"), 1);
    notifier.attempt(request(EventKind.EXPIRY_REMINDER, "chat"), 1);
    assertEquals("https://tailgrant.example.ts.net/grants/g-1", sent.get(0).link().toString());
    assertEquals(
        "https://tailgrant.example.ts.net/grants/g-1#extend", sent.get(1).link().toString());
    assertEquals(List.of("alice@example.com"), sent.get(0).recipients());
    assertEquals("incident 42", sent.get(0).reason());
  }

  @Test
  void retryableFailuresAreRetriedUntilTheLastAttemptThenReportedAsFailed() {
    NotifyRequest r = request(EventKind.ACTIVE, "chat");
    answers.add(DeliveryResult.retryable(503, "HTTP 503", Duration.ofSeconds(7)));
    NotifierActivitiesImpl.Attempt retry = notifier.attempt(r, 1);
    assertTrue(retry.retry());
    assertEquals(Duration.ofSeconds(7), retry.retryAfter(), "the receiver's Retry-After");
    answers.add(DeliveryResult.retryable(503, "HTTP 503", null));
    NotifierActivitiesImpl.Attempt last = notifier.attempt(r, NotifierActivities.MAX_ATTEMPTS);
    assertFalse(last.retry());
    assertFalse(last.outcome().delivered());
    assertEquals("gave up after 8 attempts: HTTP 503", last.outcome().detail());
    assertEquals(1, count("chat", "retry"));
    assertEquals(1, count("chat", "failed"));
    assertEquals(0, count("chat", "delivered"));
  }

  @Test
  void aPermanentFailureIsNotRetried() {
    answers.add(DeliveryResult.permanent(404, "HTTP 404: no_service"));
    NotifierActivitiesImpl.Attempt a = notifier.attempt(request(EventKind.DENIED, "chat"), 1);
    assertFalse(a.retry());
    assertFalse(a.outcome().delivered());
    assertEquals("HTTP 404: no_service", a.outcome().detail());
    assertEquals(1, count("chat", "failed"));
  }

  @Test
  void aChannelThisWorkerDoesNotKnowFailsAtOnce() {
    NotifierActivitiesImpl.Attempt a = notifier.attempt(request(EventKind.ACTIVE, "gone"), 1);
    assertFalse(a.retry());
    assertFalse(a.outcome().delivered());
    assertTrue(a.outcome().detail().contains("no channel named \"gone\""), a.outcome().detail());
    assertEquals(1, count("unknown", "failed"), "unknown names never become tag values");
    assertTrue(sent.isEmpty());
  }
}
