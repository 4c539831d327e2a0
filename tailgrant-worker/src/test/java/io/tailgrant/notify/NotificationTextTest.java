package io.tailgrant.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NotificationTextTest {
  @Test
  void requestWaitingReadsAsASentence() {
    assertEquals(
        "alice@example.com asks for db-admin on alice-laptop for 30m: debug the replica lag",
        NotificationText.sentence(Fixtures.plain(EventKind.REQUEST_WAITING)));
  }

  @ParameterizedTest
  @EnumSource(EventKind.class)
  void everyKindRenders(EventKind kind) {
    Notification n = Fixtures.plain(kind);
    String s = NotificationText.sentence(n);
    assertFalse(s.isBlank(), kind + " has a sentence");
    assertTrue(s.contains("alice@example.com"), kind + " names the requester: " + s);
    assertTrue(s.contains("db-admin") && s.contains("alice-laptop"), kind + " says what: " + s);
    assertFalse(NotificationText.title(n).isBlank());
    assertFalse(s.contains("null"), s);
  }

  @ParameterizedTest
  @EnumSource(EventKind.class)
  void everyKindRendersWithOnlyTheRequiredFields(EventKind kind) {
    Notification n =
        Notification.builder()
            .eventId("e")
            .kind(kind)
            .occurredAt(Fixtures.NOW)
            .grantId("g")
            .link("https://tailgrant.example.com/grants/g")
            .build();
    String s = NotificationText.sentence(n);
    assertFalse(s.isBlank());
    assertFalse(s.contains("null"), s);
  }

  @Test
  void breakGlassAsksForTheReviewAndTheAlertSaysItWasRevoked() {
    String opened = NotificationText.sentence(Fixtures.plain(EventKind.BREAK_GLASS));
    assertTrue(
        opened.startsWith(
            "alice@example.com broke glass: db-admin on alice-laptop is active without approval"),
        opened);
    assertTrue(opened.contains("Review it (confirm or revoke)"), opened);
    String alert = NotificationText.sentence(Fixtures.plain(EventKind.BREAK_GLASS_UNREVIEWED));
    assertTrue(
        alert.startsWith(
            "Nobody reviewed alice@example.com's db-admin on alice-laptop (break-glass) in time,"
                + " so it was revoked"),
        alert);
  }

  @Test
  void actorAndCommentAppearWhereTheyMatter() {
    assertEquals(
        "bob@example.com denied alice@example.com's request for db-admin on alice-laptop: ok for"
            + " today",
        NotificationText.sentence(Fixtures.plain(EventKind.DENIED)));
    assertEquals(
        "alice@example.com now has db-admin on alice-laptop until 2026-03-01 14:35 UTC",
        NotificationText.sentence(Fixtures.plain(EventKind.ACTIVE)));
  }

  @Test
  void cleanMakesOneLineWithoutInvisibleTricks() {
    assertEquals("a b c", NotificationText.clean(" a\r\n b\u2028\tc \n", 100));
    assertEquals("abc", NotificationText.clean("a\u202eb\u200bc", 100), "bidi and ZWSP dropped");
    assertEquals("x\ufffdy", NotificationText.clean("x\ud800y", 100), "lone surrogate replaced");
    assertEquals("http:\u2060//evil.example", NotificationText.clean("http://evil.example", 100));
    assertEquals("", NotificationText.clean(null, 10));
    assertEquals("abc\u2026", NotificationText.clean("abcdef", 3));
    assertEquals("\ud83d\ude00\u2026", NotificationText.clean("\ud83d\ude00\ud83d\ude00", 1));
  }

  @Test
  void freeTextIsCapped() {
    Notification n = Fixtures.base(EventKind.REQUEST_WAITING).reason("x".repeat(5000)).build();
    String s = NotificationText.sentence(n);
    assertTrue(s.length() < NotificationText.MAX_FREE_TEXT + 200, "length " + s.length());
    assertTrue(s.endsWith("\u2026"));
  }

  @Test
  void durations() {
    assertEquals("30m", NotificationText.duration(Duration.ofMinutes(30)));
    assertEquals("1h30m", NotificationText.duration(Duration.ofMinutes(90)));
    assertEquals("2d", NotificationText.duration(Duration.ofDays(2)));
    assertEquals("45s", NotificationText.duration(Duration.ofSeconds(45)));
    assertEquals("0s", NotificationText.duration(Duration.ZERO));
    assertEquals("0s", NotificationText.duration(Duration.ofMillis(10)));
  }

  @Test
  void notificationChecksItsRequiredFields() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Fixtures.base(EventKind.ACTIVE).link("javascript:alert(1)").build());
    assertThrows(
        IllegalArgumentException.class, () -> Fixtures.base(EventKind.ACTIVE).link("/rel").build());
    assertThrows(
        NullPointerException.class, () -> Fixtures.base(EventKind.ACTIVE).kind(null).build());
    assertThrows(
        IllegalArgumentException.class, () -> Fixtures.base(EventKind.ACTIVE).eventId(" ").build());
  }
}
