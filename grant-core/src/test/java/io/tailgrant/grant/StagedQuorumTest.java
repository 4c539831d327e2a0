package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The staged-approval rule: every stage needs its own count, a person counts for one stage only
 * (the assignment that lets the quorum complete), the requester never counts, one deny ends it.
 */
class StagedQuorumTest {
  private static final String ALICE = "alice@example.com";
  private static final String BOB = "bob@example.com";
  private static final String ERIN = "erin@example.com";
  private static final String FRANK = "frank@example.com";
  private static final String CAROL = "carol@example.com";
  private static final String MALLORY = "mallory@example.com";
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  /** group:sre (bob, erin) and group:security (erin, frank), one of each; erin is in both. */
  private static final List<QuorumStage> SRE_AND_SECURITY =
      List.of(
          new QuorumStage("group:sre", Set.of(BOB, ERIN), 1),
          new QuorumStage("group:security", Set.of(ERIN, FRANK), 1));

  /** Two of group:sre (bob, erin, carol) and one of group:security (frank). */
  private static final List<QuorumStage> TWO_SRE_AND_SECURITY =
      List.of(
          new QuorumStage("group:sre", Set.of(BOB, ERIN, CAROL), 2),
          new QuorumStage("group:security", Set.of(FRANK), 1));

  /** a (erin), b (erin, frank), c (frank, bob): only one assignment fills all three. */
  private static final List<QuorumStage> CHAIN =
      List.of(
          new QuorumStage("a", Set.of(ERIN), 1),
          new QuorumStage("b", Set.of(ERIN, FRANK), 1),
          new QuorumStage("c", Set.of(FRANK, BOB), 1));

  /** A vote list: {@code "bob"} approves, {@code "-bob"} denies. */
  private static List<Approval> votes(String... who) {
    List<Approval> out = new ArrayList<>();
    for (String w : who) {
      boolean deny = w.startsWith("-");
      String login = (deny ? w.substring(1) : w) + "@example.com";
      out.add(new Approval(login, deny ? Verdict.DENY : Verdict.APPROVE, null, AT, false));
    }
    return out;
  }

  /** Progress as {@code "stage:login,login"} per stage, with the part before {@code @}. */
  private static List<String> shown(List<StageProgress> progress) {
    return progress.stream()
        .map(
            p ->
                p.name()
                    + ":"
                    + String.join(
                        ",",
                        p.approvedBy().stream().map(l -> l.replace("@example.com", "")).toList()))
        .toList();
  }

  static Stream<Arguments> table() {
    return Stream.of(
        // stages, requester, votes, outcome, progress
        Arguments.of(
            "nobody yet",
            SRE_AND_SECURITY,
            ALICE,
            votes(),
            Quorum.Outcome.WAITING,
            List.of("group:sre:", "group:security:")),
        Arguments.of(
            "one stage done is not enough",
            SRE_AND_SECURITY,
            ALICE,
            votes("bob"),
            Quorum.Outcome.WAITING,
            List.of("group:sre:bob", "group:security:")),
        Arguments.of(
            "a person in both groups counts for one stage only",
            SRE_AND_SECURITY,
            ALICE,
            votes("erin"),
            Quorum.Outcome.WAITING,
            List.of("group:sre:erin", "group:security:")),
        Arguments.of(
            "... and moves to the stage that lets the quorum complete",
            SRE_AND_SECURITY,
            ALICE,
            votes("erin", "bob"),
            Quorum.Outcome.APPROVED,
            List.of("group:sre:bob", "group:security:erin")),
        Arguments.of(
            "... whoever came first",
            SRE_AND_SECURITY,
            ALICE,
            votes("bob", "erin"),
            Quorum.Outcome.APPROVED,
            List.of("group:sre:bob", "group:security:erin")),
        Arguments.of(
            "... or stays where she is",
            SRE_AND_SECURITY,
            ALICE,
            votes("erin", "frank"),
            Quorum.Outcome.APPROVED,
            List.of("group:sre:erin", "group:security:frank")),
        Arguments.of(
            "the same person twice counts once",
            SRE_AND_SECURITY,
            ALICE,
            votes("erin", "erin"),
            Quorum.Outcome.WAITING,
            List.of("group:sre:erin", "group:security:")),
        Arguments.of(
            "an extra vote changes nothing",
            SRE_AND_SECURITY,
            ALICE,
            votes("bob", "erin", "carol"),
            Quorum.Outcome.APPROVED,
            List.of("group:sre:bob", "group:security:erin")),
        Arguments.of(
            "a stranger counts for nothing",
            SRE_AND_SECURITY,
            ALICE,
            votes("bob", "mallory"),
            Quorum.Outcome.WAITING,
            List.of("group:sre:bob", "group:security:")),
        Arguments.of(
            "one deny ends it",
            SRE_AND_SECURITY,
            ALICE,
            votes("bob", "-frank"),
            Quorum.Outcome.DENIED,
            List.of("group:sre:bob", "group:security:")),
        Arguments.of(
            "a stranger's deny is nothing",
            SRE_AND_SECURITY,
            ALICE,
            votes("bob", "-mallory"),
            Quorum.Outcome.WAITING,
            List.of("group:sre:bob", "group:security:")),
        Arguments.of(
            "the requester in a group never counts",
            SRE_AND_SECURITY,
            ERIN,
            votes("erin", "bob"),
            Quorum.Outcome.WAITING,
            List.of("group:sre:bob", "group:security:")),
        Arguments.of(
            "... and the others of the group fill it",
            SRE_AND_SECURITY,
            ERIN,
            votes("erin", "bob", "frank"),
            Quorum.Outcome.APPROVED,
            List.of("group:sre:bob", "group:security:frank")),
        Arguments.of(
            "the requester's deny is nothing either",
            SRE_AND_SECURITY,
            ERIN,
            votes("-erin"),
            Quorum.Outcome.WAITING,
            List.of("group:sre:", "group:security:")),
        Arguments.of(
            "2 of N in one stage: one is not enough",
            TWO_SRE_AND_SECURITY,
            ALICE,
            votes("bob", "frank"),
            Quorum.Outcome.WAITING,
            List.of("group:sre:bob", "group:security:frank")),
        Arguments.of(
            "2 of N in one stage: two distinct are",
            TWO_SRE_AND_SECURITY,
            ALICE,
            votes("bob", "frank", "erin"),
            Quorum.Outcome.APPROVED,
            List.of("group:sre:bob,erin", "group:security:frank")),
        Arguments.of(
            "2 of N in one stage: nobody twice",
            TWO_SRE_AND_SECURITY,
            ALICE,
            votes("bob", "bob", "frank"),
            Quorum.Outcome.WAITING,
            List.of("group:sre:bob", "group:security:frank")),
        Arguments.of(
            "a chain of moves finds the one assignment",
            CHAIN,
            ALICE,
            votes("frank", "erin", "bob"),
            Quorum.Outcome.APPROVED,
            List.of("a:erin", "b:frank", "c:bob")),
        Arguments.of(
            "a chain, in the other order",
            CHAIN,
            ALICE,
            votes("bob", "frank", "erin"),
            Quorum.Outcome.APPROVED,
            List.of("a:erin", "b:frank", "c:bob")),
        Arguments.of(
            "a withdrawn approval leaves its stage (bob's, from erin-bob)",
            SRE_AND_SECURITY,
            ALICE,
            votes("erin"),
            Quorum.Outcome.WAITING,
            List.of("group:sre:erin", "group:security:")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void theRule(
      String title,
      List<QuorumStage> stages,
      String requester,
      List<Approval> votes,
      Quorum.Outcome outcome,
      List<String> progress) {
    Quorum q = new Quorum(Set.of(), requester, 0, false, stages);

    assertEquals(outcome, q.outcome(votes), title);
    assertEquals(progress, shown(q.progress(votes)), title);
  }

  static Stream<Arguments> flat() {
    return Stream.of(
        Arguments.of(votes(), Quorum.Outcome.WAITING),
        Arguments.of(votes("bob"), Quorum.Outcome.WAITING),
        Arguments.of(votes("bob", "bob"), Quorum.Outcome.WAITING),
        Arguments.of(votes("bob", "alice"), Quorum.Outcome.WAITING),
        Arguments.of(votes("bob", "erin"), Quorum.Outcome.APPROVED),
        Arguments.of(votes("bob", "-erin"), Quorum.Outcome.DENIED));
  }

  /** The flat form (2 of bob, erin, carol, alice) is one stage and shows no stage progress. */
  @ParameterizedTest
  @MethodSource("flat")
  void theFlatFormIsOneStage(List<Approval> votes, Quorum.Outcome outcome) {
    Quorum q = new Quorum(Set.of(BOB, ERIN, CAROL, ALICE), ALICE, 2, false, List.of());

    assertEquals(outcome, q.outcome(votes));
    assertEquals(List.of(), q.progress(votes));
  }

  @ParameterizedTest
  @MethodSource("table")
  void aStagedQuorumsApproversAreEveryoneInAStage(
      String title, List<QuorumStage> stages, String requester) {
    Quorum q = new Quorum(Set.of(MALLORY), requester, 1, false, stages);

    Set<String> everyone = new HashSet<>();
    stages.forEach(s -> everyone.addAll(s.approvers()));
    assertEquals(everyone, q.approvers());
    assertEquals(stages.stream().mapToInt(QuorumStage::required).sum(), q.required());
  }
}
