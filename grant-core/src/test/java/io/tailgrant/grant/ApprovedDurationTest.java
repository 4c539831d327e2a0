package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Approvers shape the grant: shorter than asked, never longer, never under the minimum. */
class ApprovedDurationTest {
  static final Duration HOUR = Duration.ofHours(1);
  static final Duration MIN = Duration.ofMinutes(5);
  static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

  /** Each row: the duration an approver gives (null: as asked), and the refusal (null: fine). */
  static Stream<Arguments> given() {
    return Stream.of(
        Arguments.of(null, null),
        Arguments.of(HOUR, null),
        Arguments.of(Duration.ofMinutes(30), null),
        Arguments.of(MIN, null),
        Arguments.of(Duration.ofMinutes(61), "duration_longer_than_asked"),
        Arguments.of(Duration.ofDays(3), "duration_longer_than_asked"),
        Arguments.of(Duration.ofMinutes(4), "duration_out_of_range"),
        Arguments.of(Duration.ofSeconds(1), "duration_out_of_range"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("given")
  void anApproverMayShortenButNeverLengthen(Duration given, String refusal) {
    if (refusal == null) {
      ApprovedDuration.check(HOUR, MIN, given);
      return;
    }
    Refusal r = assertThrows(Refusal.class, () -> ApprovedDuration.check(HOUR, MIN, given));
    assertEquals(refusal, r.code());
    assertEquals(Refusal.Kind.BAD_REQUEST, r.kind());
  }

  static Approval yes(String who, Duration d) {
    return new Approval(who, Verdict.APPROVE, who + "'s reason", AT, false, d);
  }

  static Approval no(String who, Duration d) {
    return new Approval(who, Verdict.DENY, "no", AT, false, d);
  }

  /**
   * Each row: the votes, the duration they leave and who shortened it (null: nobody). The shortest
   * wins; the first of equals; a deny or a duration as long as asked shortens nothing.
   */
  static Stream<Arguments> votes() {
    Approval bob30 = yes("bob", Duration.ofMinutes(30));
    Approval erin20 = yes("erin", Duration.ofMinutes(20));
    Approval erin30 = yes("erin", Duration.ofMinutes(30));
    return Stream.of(
        Arguments.of(List.of(), HOUR, null),
        Arguments.of(List.of(yes("bob", null)), HOUR, null),
        Arguments.of(List.of(yes("bob", HOUR)), HOUR, null),
        Arguments.of(List.of(bob30), Duration.ofMinutes(30), bob30),
        Arguments.of(List.of(bob30, erin20), Duration.ofMinutes(20), erin20),
        Arguments.of(List.of(erin20, bob30), Duration.ofMinutes(20), erin20),
        Arguments.of(List.of(bob30, erin30), Duration.ofMinutes(30), bob30),
        Arguments.of(List.of(yes("bob", null), bob30), Duration.ofMinutes(30), bob30),
        Arguments.of(List.of(no("erin", Duration.ofMinutes(5))), HOUR, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("votes")
  void theShortestApprovalWins(List<Approval> votes, Duration lasts, Approval by) {
    assertEquals(lasts, ApprovedDuration.of(HOUR, votes));
    assertEquals(Optional.ofNullable(by), ApprovedDuration.shortenedBy(HOUR, votes));
  }

  @Test
  void aDenyCarriesNoDurationWhateverTheDecisionSaid() {
    Decision d = new Decision("bob", "no", "g-1", null, Duration.ofMinutes(5));
    GrantSpec spec = CapabilityRolesTest.spec(null, Set.of("alice"));
    assertEquals(null, d.vote(Verdict.DENY, AT, spec).duration());
    assertEquals(Duration.ofMinutes(5), d.vote(Verdict.APPROVE, AT, spec).duration());
  }
}
