package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Scheduled windows: lead time, a start in the future, cancelling before it, unapproved at it. */
class ScheduledStartTest {
  static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
  static final Duration WEEK = Duration.ofDays(7);

  /**
   * Each row: the type's maxLead (null: no scheduling), the start, and the refusal (null: fine).
   */
  static Stream<Arguments> starts() {
    return Stream.of(
        Arguments.of(WEEK, null, null),
        Arguments.of(null, null, null),
        Arguments.of(WEEK, NOW.plusSeconds(1), null),
        Arguments.of(WEEK, NOW.plus(Duration.ofMinutes(2)), null),
        Arguments.of(WEEK, NOW.plus(WEEK), null),
        Arguments.of(WEEK, NOW.plus(WEEK).plusSeconds(1), "starts_at_too_far"),
        Arguments.of(WEEK, NOW.plus(Duration.ofDays(400)), "starts_at_too_far"),
        Arguments.of(WEEK, NOW, "starts_at_past"),
        Arguments.of(WEEK, NOW.minusSeconds(1), "starts_at_past"),
        Arguments.of(WEEK, Instant.EPOCH, "starts_at_past"),
        Arguments.of(null, NOW.plus(Duration.ofMinutes(2)), "scheduling_not_allowed"),
        Arguments.of(null, NOW.minusSeconds(1), "scheduling_not_allowed"));
  }

  @ParameterizedTest(name = "maxLead {0}, start {1}: {2}")
  @MethodSource("starts")
  void aStartLiesAheadWithinTheTypesLead(Duration maxLead, Instant startsAt, String refusal) {
    if (refusal == null) {
      ScheduledStart.check(maxLead, startsAt, NOW);
      return;
    }
    Refusal r = assertThrows(Refusal.class, () -> ScheduledStart.check(maxLead, startsAt, NOW));
    assertEquals(refusal, r.code());
    assertEquals(Refusal.Kind.BAD_REQUEST, r.kind());
  }

  /** Each row: the text, and the instant it means (null: refused as bad_starts_at). */
  static Stream<Arguments> texts() {
    return Stream.of(
        Arguments.of("2026-12-01T09:30:00Z", Instant.parse("2026-12-01T09:30:00Z")),
        Arguments.of("2026-12-01T10:30:00+01:00", Instant.parse("2026-12-01T09:30:00Z")),
        Arguments.of(" 2026-12-01T09:30:00.5Z ", Instant.parse("2026-12-01T09:30:00.5Z")),
        Arguments.of("2026-12-01 09:30", null),
        Arguments.of("2026-12-01T09:30", null),
        Arguments.of("tomorrow", null),
        Arguments.of("+2m", null),
        Arguments.of("2026-13-01T09:30:00Z", null),
        Arguments.of("2026-12-01T09:30:00Z" + "0".repeat(100), null));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("texts")
  void startsAtIsRfc3339(String text, Instant want) {
    if (want != null) {
      assertEquals(want, ScheduledStart.parse(text));
      return;
    }
    Refusal r = assertThrows(Refusal.class, () -> ScheduledStart.parse(text));
    assertEquals("bad_starts_at", r.code());
    assertTrue(r.getMessage().length() < 200, "a long text is not echoed: " + r.getMessage());
  }

  @Test
  void noStartIsNoSchedule() {
    assertNull(ScheduledStart.parse(null));
    assertNull(ScheduledStart.parse("  "));
    assertNull(ScheduledStart.parseFormUtc(""));
  }

  @Test
  void theFormsLocalTimeIsUtc() {
    assertEquals(
        Instant.parse("2026-12-01T09:30:00Z"), ScheduledStart.parseFormUtc("2026-12-01T09:30"));
    assertEquals(
        Instant.parse("2026-12-01T08:30:00Z"),
        ScheduledStart.parseFormUtc("2026-12-01T09:30:00+01:00"));
    assertEquals(
        "bad_starts_at",
        assertThrows(Refusal.class, () -> ScheduledStart.parseFormUtc("09:30")).code());
  }

  @Test
  void approversHaveUntilTheStart() {
    assertEquals(Duration.ofMinutes(2), ScheduledStart.approvalWindow(NOW.plusSeconds(120), NOW));
    assertEquals(Duration.ofSeconds(1), ScheduledStart.approvalWindow(NOW, NOW));
    assertEquals(Duration.ofSeconds(1), ScheduledStart.approvalWindow(NOW.minusSeconds(5), NOW));
  }

  @Test
  void aGrantWaitsOnlyUntilItsStart() {
    assertTrue(ScheduledStart.waitsForStart(NOW.plusSeconds(1), NOW));
    assertFalse(ScheduledStart.waitsForStart(NOW, NOW));
    assertFalse(ScheduledStart.waitsForStart(null, NOW));
  }

  @Test
  void aWindowEndsAtItsStartPlusItsDurationEvenWhenActivatedLate() {
    Duration half = Duration.ofMinutes(30);
    assertEquals(NOW.plus(half), ScheduledStart.end(NOW, NOW, half));
    assertEquals(NOW.plus(half), ScheduledStart.end(NOW, NOW.plusSeconds(90), half));
    assertEquals(
        NOW.plusSeconds(90).plus(half), ScheduledStart.end(null, NOW.plusSeconds(90), half));
  }

  @Test
  void aLowRiskGrantWithAStartIsScheduledFromItsRequest() {
    Instant later = NOW.plusSeconds(60);
    assertEquals(GrantStatus.SCHEDULED, ScheduledStart.initialStatus(Risk.LOW, later));
    assertEquals(GrantStatus.PENDING_APPROVAL, ScheduledStart.initialStatus(Risk.HIGH, later));
    assertEquals(GrantStatus.ACTIVATING, ScheduledStart.initialStatus(Risk.LOW, null));
    assertEquals(GrantStatus.PENDING_APPROVAL, ScheduledStart.initialStatus(Risk.MEDIUM, null));
  }

  @Test
  void aWindowThatPassedEntirelyIsNotActivated() {
    Duration half = Duration.ofMinutes(30);
    assertFalse(ScheduledStart.windowPassed(NOW, half, NOW));
    assertFalse(ScheduledStart.windowPassed(NOW, half, NOW.plus(half).minusMillis(1)));
    assertTrue(ScheduledStart.windowPassed(NOW, half, NOW.plus(half)));
    assertFalse(ScheduledStart.windowPassed(null, half, NOW.plus(Duration.ofDays(1))));
  }

  @Test
  void anUnapprovedStartSaysWhy() {
    String why = ScheduledStart.unapprovedAtStart(NOW);
    assertTrue(why.contains("not approved before its start at 2026-12-01T09:00:00Z"), why);
  }

  static GrantFacts scheduled(GrantStatus status) {
    return new GrantFacts(
        "g-1",
        "db-admin",
        GrantKind.POSTURE,
        "alice@example.com",
        status,
        Set.of("bob@example.com"),
        Set.of("carol@example.com"),
        1,
        List.of(),
        false,
        null,
        null,
        Duration.ofHours(4),
        null,
        null,
        0,
        false,
        false,
        false,
        null,
        null);
  }

  static final Authority TODAY =
      new Authority(Set.of("bob@example.com"), Set.of("carol@example.com"), Set.of(), Set.of());

  /** Each row: who acts on a scheduled grant, the action, and whether they may. */
  static Stream<Arguments> beforeTheStart() {
    return Stream.of(
        Arguments.of("alice@example.com", GrantAction.REVOKE, true),
        Arguments.of("bob@example.com", GrantAction.REVOKE, true),
        Arguments.of("carol@example.com", GrantAction.REVOKE, true),
        Arguments.of(SystemActor.of("user.deleted"), GrantAction.REVOKE, true),
        Arguments.of("mallory@example.com", GrantAction.REVOKE, false),
        Arguments.of("bob@example.com", GrantAction.APPROVE, false),
        Arguments.of("alice@example.com", GrantAction.EXTEND, false),
        Arguments.of("alice@example.com", GrantAction.VIEW, true));
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @MethodSource("beforeTheStart")
  void aScheduledGrantCanBeCancelledBeforeItsStart(String actor, GrantAction a, boolean may) {
    assertEquals(may, GrantRules.may(a, scheduled(GrantStatus.SCHEDULED), actor, NOW, TODAY));
  }

  @Test
  void cancelledBeforeItsStartItEndsRevokedAndCountsAsOpenTillThen() {
    assertEquals(GrantStatus.REVOKED, ScheduledStart.endedBeforeStart());
    assertTrue(GrantStatus.SCHEDULED.isOpen(), "an open-grant limit counts it");
    assertEquals(GrantStatus.SCHEDULED, GrantStatus.fromWire("scheduled"));
  }
}
