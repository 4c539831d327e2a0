package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * Break-glass, rule by rule: who may break glass and with what reason, who may review and when, and
 * what happens to a grant nobody reviewed.
 */
class BreakGlassRulesTest {
  static final String DAVE = "dave@example.com";
  static final String ALICE = "alice@example.com";
  static final String ERIN = "erin@example.com";
  static final String BOB = "bob@example.com";
  static final Instant ACTIVATED = Instant.parse("2026-03-01T10:00:00Z");
  static final Instant REVIEW_BY = ACTIVATED.plus(Duration.ofMinutes(10));
  static final BreakGlass RULE =
      new BreakGlass(Set.of(DAVE, ALICE), Set.of(BOB, ERIN), Duration.ofMinutes(10));

  static GrantSpec spec(BreakGlass rule) {
    GrantSpec base = JustificationRulesTest.spec(true, null);
    return new GrantSpec(
        "ssh-prod-emergency",
        base.description(),
        base.kind(),
        base.tags(),
        base.posture(),
        base.target(),
        base.risk(),
        base.minDuration(),
        base.maxDuration(),
        base.requesters(),
        base.approvers(),
        base.approvalsRequired(),
        base.approvalTimeout(),
        base.admins(),
        base.reasonRequired(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        0,
        rule,
        null);
  }

  static Principal person(String login) {
    return new Principal(login, login, "n1", "laptop");
  }

  static Principal sharedIn(String login) {
    return new Principal(login, login, "n2", "laptop", true);
  }

  /** Each row: the type's rule, the requester, their reason, and the refusal code (null: yes). */
  static Stream<Arguments> requests() {
    GrantSpec none = spec(null);
    GrantSpec named = spec(RULE);
    GrantSpec anyone =
        spec(new BreakGlass(Set.of(Policy.ANY_MEMBER), Set.of(ERIN), Duration.ofMinutes(10)));
    return Stream.of(
        Arguments.of("named requester with a reason", named, person(DAVE), "prod down", null),
        Arguments.of("the other named requester", named, person(ALICE), "INC-7", null),
        Arguments.of("not named", named, person(BOB), "prod down", "forbidden"),
        Arguments.of("no reason", named, person(DAVE), null, "reason_required"),
        Arguments.of("blank reason", named, person(DAVE), "   ", "reason_required"),
        Arguments.of(
            "type without break-glass", none, person(DAVE), "x", "break_glass_not_allowed"),
        Arguments.of("any member", anyone, person(BOB), "x", null),
        Arguments.of(
            "any member, shared in", anyone, sharedIn("eve@partner.example"), "x", "forbidden"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void whoMayBreakGlassAndWithWhatReason(
      String title, GrantSpec spec, Principal who, String reason, String code) {
    if (code == null) {
      BreakGlassRules.checkRequest(spec, who, reason);
      assertTrue(BreakGlassRules.mayBreakGlass(spec, who));
      return;
    }
    Refusal r =
        assertThrows(Refusal.class, () -> BreakGlassRules.checkRequest(spec, who, reason), title);
    assertEquals(code, r.code(), title + ": " + r.getMessage());
  }

  @Test
  void breakingGlassNamesNoLaterStart() {
    BreakGlassRules.checkStartsNow(null);
    Refusal r =
        assertThrows(
            Refusal.class,
            () -> BreakGlassRules.checkStartsNow(java.time.Instant.parse("2026-12-01T10:00:00Z")));
    assertEquals("break_glass_scheduled", r.code());
    assertEquals(400, r.kind().httpStatus);
  }

  static GrantFacts facts(GrantStatus status, boolean revoking, BreakGlassState bg) {
    return new GrantFacts(
        "g1",
        "ssh-prod-emergency",
        GrantKind.POSTURE,
        DAVE,
        status,
        Set.of(BOB, ERIN),
        Set.of("carol@example.com"),
        1,
        List.of(),
        revoking,
        ACTIVATED,
        ACTIVATED.plus(Duration.ofHours(1)),
        Duration.ofHours(2),
        null,
        null,
        0,
        false,
        false,
        false,
        null,
        bg);
  }

  static BreakGlassState open() {
    return new BreakGlassState(Set.of(BOB, ERIN), REVIEW_BY, null);
  }

  static final Instant IN_WINDOW = ACTIVATED.plus(Duration.ofMinutes(3));

  /** Each row: the grant, who reviews, when, today's reviewers, and the refusal code. */
  static Stream<Arguments> reviews() {
    GrantFacts active = facts(GrantStatus.ACTIVE, false, open());
    Set<String> now = Set.of(BOB, ERIN);
    Review done = new Review(BOB, ReviewDecision.CONFIRM, null, IN_WINDOW);
    return Stream.of(
        Arguments.of("a reviewer in the window", active, ERIN, IN_WINDOW, now, null),
        Arguments.of("the requester", active, DAVE, IN_WINDOW, Set.of(DAVE, ERIN), "forbidden"),
        Arguments.of("not a reviewer", active, "carol@example.com", IN_WINDOW, now, "forbidden"),
        Arguments.of("a reviewer no longer", active, ERIN, IN_WINDOW, Set.of(BOB), "forbidden"),
        Arguments.of(
            "a Tailscale event",
            active,
            SystemActor.of("userDeleted"),
            IN_WINDOW,
            now,
            "forbidden"),
        Arguments.of(
            "not a break-glass grant",
            facts(GrantStatus.ACTIVE, false, null),
            ERIN,
            IN_WINDOW,
            now,
            "not_break_glass"),
        Arguments.of(
            "reviewed already",
            facts(
                GrantStatus.ACTIVE, false, new BreakGlassState(Set.of(BOB, ERIN), REVIEW_BY, done)),
            ERIN,
            IN_WINDOW,
            now,
            "already_reviewed"),
        Arguments.of("window closed", active, ERIN, REVIEW_BY, now, "wrong_state"),
        Arguments.of(
            "ended",
            facts(GrantStatus.REVOKED, false, open()),
            ERIN,
            IN_WINDOW,
            now,
            "wrong_state"),
        Arguments.of(
            "being revoked",
            facts(GrantStatus.ACTIVE, true, open()),
            ERIN,
            IN_WINDOW,
            now,
            "wrong_state"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reviews")
  void whoMayReviewAndWhen(
      String title, GrantFacts g, String actor, Instant at, Set<String> now, String code) {
    assertEquals(code == null, BreakGlassRules.mayReview(g, actor, at, now), title);
    if (code != null) {
      Refusal r =
          assertThrows(Refusal.class, () -> BreakGlassRules.checkReview(g, actor, at, now), title);
      assertEquals(code, r.code(), title + ": " + r.getMessage());
    }
  }

  @Test
  void theWindowStartsAtActivationAndAnUnreviewedGrantIsRevokedAtItsEnd() {
    assertEquals(REVIEW_BY, BreakGlassRules.reviewBy(spec(RULE), ACTIVATED));
    assertTrue(BreakGlassRules.revokeUnreviewed(facts(GrantStatus.ACTIVE, false, open())));
    assertFalse(
        BreakGlassRules.revokeUnreviewed(
            facts(
                GrantStatus.ACTIVE,
                false,
                new BreakGlassState(
                    Set.of(ERIN),
                    REVIEW_BY,
                    new Review(ERIN, ReviewDecision.CONFIRM, null, IN_WINDOW)))),
        "a confirmed grant runs to its end");
    assertFalse(
        BreakGlassRules.revokeUnreviewed(facts(GrantStatus.EXPIRED, false, open())),
        "an ended grant is left as it is");
    assertFalse(
        BreakGlassRules.revokeUnreviewed(facts(GrantStatus.ACTIVE, true, open())),
        "one being revoked already is left to that");
    assertEquals(
        "break-glass access not reviewed within 10m",
        BreakGlassRules.unreviewedReason(Duration.ofMinutes(10)));
    assertTrue(BreakGlassRules.ends(ReviewDecision.REVOKE));
    assertFalse(BreakGlassRules.ends(ReviewDecision.CONFIRM));
  }

  @Test
  void aGrantAwaitsReviewWhileActiveUnreviewedAndInItsWindow() {
    assertTrue(BreakGlassRules.awaitsReview(facts(GrantStatus.ACTIVE, false, open()), IN_WINDOW));
    assertFalse(BreakGlassRules.awaitsReview(facts(GrantStatus.ACTIVE, false, open()), REVIEW_BY));
    assertFalse(BreakGlassRules.awaitsReview(facts(GrantStatus.ACTIVE, false, null), IN_WINDOW));
  }

  @Test
  void aReviewerMaySeeTheGrantTheyAreToReview() {
    GrantFacts g =
        facts(
            GrantStatus.ACTIVE,
            false,
            new BreakGlassState(Set.of("zoe@example.com"), REVIEW_BY, null));
    Authority none = new Authority(Set.of(), Set.of(), null, null);
    assertTrue(GrantRules.may(GrantAction.VIEW, g, "zoe@example.com", IN_WINDOW, none));
    assertFalse(GrantRules.may(GrantAction.VIEW, g, "mallory@example.com", IN_WINDOW, none));
  }

  @Test
  void onlyConfirmAndRevokeCanBeAsked() {
    assertEquals(ReviewDecision.CONFIRM, ReviewDecision.requested("confirm"));
    assertEquals(ReviewDecision.REVOKE, ReviewDecision.requested("revoke"));
    for (String bad : new String[] {"unreviewed", "CONFIRM", "", null, "approve"}) {
      assertEquals(
          "bad_decision",
          assertThrows(Refusal.class, () -> ReviewDecision.requested(bad)).code(),
          String.valueOf(bad));
    }
  }

  @Test
  void aBreakGlassGrantStartsAtActivationNeverInAnApprovalInbox() {
    GrantInput plain =
        new GrantInput(
            "g1",
            spec(RULE),
            person(DAVE),
            new TargetDevice("n1", "dave-laptop", DAVE, List.of()),
            Duration.ofHours(1),
            "x");
    assertEquals(GrantStatus.PENDING_APPROVAL, plain.initialStatus());
    GrantInput broke =
        new GrantInput(
            "g1",
            spec(RULE),
            person(DAVE),
            plain.target(),
            Duration.ofHours(1),
            "x",
            null,
            null,
            null,
            null,
            true,
            null);
    assertEquals(GrantStatus.ACTIVATING, broke.initialStatus());
    assertEquals(GrantStatus.ACTIVATING, GrantView.submitted(broke).status());
  }
}
