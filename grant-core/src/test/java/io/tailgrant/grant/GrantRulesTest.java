package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one decision model, case by case: who may do what to a grant, when, and why not. */
class GrantRulesTest {
  static final String ALICE = "alice@example.com";
  static final String BOB = "bob@example.com";
  static final String ERIN = "erin@example.com";
  static final String CAROL = "carol@example.com";
  static final String MALLORY = "mallory@example.com";
  static final String SYSTEM = SystemActor.of("userDeleted");
  static final Instant ACTIVATED = Instant.parse("2026-03-01T10:00:00Z");
  static final Instant NOW = ACTIVATED.plus(Duration.ofMinutes(10));

  /** Approvers bob and erin (and alice, who never approves her own), admin carol. */
  static final Authority TODAY = new Authority(Set.of(BOB, ERIN, ALICE), Set.of(CAROL), null, null);

  static GrantFacts grant(GrantStatus status) {
    return grant(status, GrantKind.POSTURE, List.of(), false, null, 0);
  }

  static GrantFacts grant(
      GrantStatus status,
      GrantKind kind,
      List<Approval> approvals,
      boolean revoking,
      Instant lastKubeconfig,
      int kubeconfigs) {
    return grant(status, kind, approvals, revoking, lastKubeconfig, kubeconfigs, false);
  }

  static GrantFacts grant(
      GrantStatus status,
      GrantKind kind,
      List<Approval> approvals,
      boolean revoking,
      Instant lastKubeconfig,
      int kubeconfigs,
      boolean keyShown) {
    boolean started = status != GrantStatus.PENDING_APPROVAL;
    return new GrantFacts(
        "g-abcdefgh",
        "db-admin",
        kind,
        ALICE,
        status,
        Set.of(BOB, ERIN, ALICE),
        Set.of(CAROL),
        2,
        approvals,
        revoking,
        started ? ACTIVATED : null,
        started ? ACTIVATED.plus(Duration.ofHours(1)) : null,
        Duration.ofHours(2),
        GrantLimits.DEFAULTS,
        lastKubeconfig,
        kubeconfigs,
        keyShown,
        false,
        false,
        null,
        null);
  }

  /** A grant of the POSTURE kind on which bob voted {@code verdict}. */
  static GrantFacts bobVoted(GrantStatus status, Verdict verdict) {
    return grant(
        status,
        GrantKind.POSTURE,
        List.of(new Approval(BOB, verdict, "ok", ACTIVATED, false)),
        false,
        null,
        0);
  }

  static Arguments row(
      GrantAction action, GrantFacts g, String actor, Authority a, String refusal) {
    return Arguments.of(action, g, actor, a, refusal);
  }

  /**
   * Each row: action, grant, actor, the authority in force, and the refusal code (null: allowed).
   */
  static Stream<Arguments> table() {
    GrantFacts pending = grant(GrantStatus.PENDING_APPROVAL);
    GrantFacts active = grant(GrantStatus.ACTIVE);
    GrantFacts expired = grant(GrantStatus.EXPIRED);
    Authority bobLeft = new Authority(Set.of(ERIN, ALICE), Set.of(CAROL), null, null);
    Authority carolLeft = new Authority(Set.of(BOB, ERIN, ALICE), Set.of(), null, null);
    GrantFacts bobApproved = bobVoted(GrantStatus.PENDING_APPROVAL, Verdict.APPROVE);
    GrantFacts revoking = grant(GrantStatus.ACTIVE, GrantKind.POSTURE, List.of(), true, null, 0);
    GrantFacts cluster = grant(GrantStatus.ACTIVE, GrantKind.KUBERNETES, List.of(), false, null, 0);
    GrantFacts clusterPending =
        grant(GrantStatus.PENDING_APPROVAL, GrantKind.KUBERNETES, List.of(), false, null, 0);
    GrantFacts clusterJustMinted =
        grant(GrantStatus.ACTIVE, GrantKind.KUBERNETES, List.of(), false, NOW.minusSeconds(3), 1);
    GrantFacts clusterMintedAWhileAgo =
        grant(GrantStatus.ACTIVE, GrantKind.KUBERNETES, List.of(), false, NOW.minusSeconds(60), 1);
    GrantFacts clusterUsedUp =
        grant(
            GrantStatus.ACTIVE, GrantKind.KUBERNETES, List.of(), false, NOW.minusSeconds(60), 100);
    GrantFacts clusterEnding =
        grant(GrantStatus.DEACTIVATING, GrantKind.KUBERNETES, List.of(), false, null, 0);
    GrantFacts keyed = grant(GrantStatus.ACTIVE, GrantKind.AUTH_KEY, List.of(), false, null, 0);
    GrantFacts keyedPending =
        grant(GrantStatus.PENDING_APPROVAL, GrantKind.AUTH_KEY, List.of(), false, null, 0);
    GrantFacts keyedRevoking =
        grant(GrantStatus.ACTIVE, GrantKind.AUTH_KEY, List.of(), true, null, 0);
    GrantFacts keyedEnded =
        grant(GrantStatus.EXPIRED, GrantKind.AUTH_KEY, List.of(), false, null, 0);
    GrantFacts keyShown =
        grant(GrantStatus.ACTIVE, GrantKind.AUTH_KEY, List.of(), false, null, 0, true);
    return Stream.of(
        // view: requester, approvers (then and now), admins (now); anyone else: not found
        row(GrantAction.VIEW, pending, ALICE, TODAY, null),
        row(GrantAction.VIEW, pending, BOB, TODAY, null),
        row(GrantAction.VIEW, pending, CAROL, TODAY, null),
        row(GrantAction.VIEW, pending, MALLORY, TODAY, "not_found"),
        row(GrantAction.VIEW, pending, BOB, bobLeft, "not_found"),
        row(GrantAction.VIEW, pending, CAROL, carolLeft, "not_found"),
        // approve and deny: pending, an approver then and now, never the requester, once
        row(GrantAction.APPROVE, pending, BOB, TODAY, null),
        row(GrantAction.DENY, pending, ERIN, TODAY, null),
        row(GrantAction.APPROVE, pending, ALICE, TODAY, "forbidden"),
        row(GrantAction.APPROVE, pending, MALLORY, TODAY, "forbidden"),
        row(GrantAction.APPROVE, pending, CAROL, TODAY, "forbidden"),
        row(GrantAction.APPROVE, pending, BOB, bobLeft, "forbidden"),
        row(GrantAction.APPROVE, bobApproved, BOB, TODAY, "wrong_state"),
        row(GrantAction.APPROVE, bobApproved, ERIN, TODAY, null),
        row(GrantAction.APPROVE, active, BOB, TODAY, "wrong_state"),
        row(GrantAction.DENY, expired, BOB, TODAY, "wrong_state"),
        // revoke: requester, approvers and admins (then and now), while it can still end early
        row(GrantAction.REVOKE, active, ALICE, TODAY, null),
        row(GrantAction.REVOKE, active, ERIN, TODAY, null),
        row(GrantAction.REVOKE, pending, CAROL, TODAY, null),
        row(GrantAction.REVOKE, active, MALLORY, TODAY, "forbidden"),
        row(GrantAction.REVOKE, active, CAROL, carolLeft, "forbidden"),
        row(GrantAction.REVOKE, expired, ALICE, TODAY, "wrong_state"),
        row(GrantAction.REVOKE, revoking, ALICE, TODAY, "wrong_state"),
        // TailGrant on a Tailscale event: revokes what can still end early, never decides
        row(GrantAction.REVOKE, active, SYSTEM, TODAY, null),
        row(GrantAction.REVOKE, pending, SYSTEM, TODAY, null),
        row(
            GrantAction.REVOKE,
            active,
            SYSTEM,
            new Authority(Set.of(), Set.of(), null, null),
            null),
        row(GrantAction.REVOKE, expired, SYSTEM, TODAY, "wrong_state"),
        row(GrantAction.REVOKE, revoking, SYSTEM, TODAY, "wrong_state"),
        row(GrantAction.APPROVE, pending, SYSTEM, TODAY, "forbidden"),
        row(GrantAction.DENY, pending, SYSTEM, TODAY, "forbidden"),
        row(GrantAction.EXTEND, active, SYSTEM, TODAY, "forbidden"),
        row(GrantAction.VIEW, active, SYSTEM, TODAY, "not_found"),
        // extend: the requester of an active grant that is not being revoked
        row(GrantAction.EXTEND, active, ALICE, TODAY, null),
        row(GrantAction.EXTEND, active, BOB, TODAY, "forbidden"),
        row(GrantAction.EXTEND, pending, ALICE, TODAY, "wrong_state"),
        row(GrantAction.EXTEND, revoking, ALICE, TODAY, "wrong_state"),
        // kubeconfig: the requester of an active kubernetes grant, not too often
        row(GrantAction.KUBECONFIG, cluster, ALICE, TODAY, null),
        row(GrantAction.KUBECONFIG, cluster, BOB, TODAY, "not_found"),
        row(GrantAction.KUBECONFIG, active, ALICE, TODAY, "not_kubernetes"),
        row(GrantAction.KUBECONFIG, clusterPending, ALICE, TODAY, "not_ready"),
        row(GrantAction.KUBECONFIG, clusterEnding, ALICE, TODAY, "ended"),
        row(GrantAction.KUBECONFIG, clusterJustMinted, ALICE, TODAY, "kubeconfig_rate"),
        row(GrantAction.KUBECONFIG, clusterMintedAWhileAgo, ALICE, TODAY, null),
        row(GrantAction.KUBECONFIG, clusterUsedUp, ALICE, TODAY, "kubeconfig_limit"),
        // auth key: the requester of an active auth-key grant, once
        row(GrantAction.AUTH_KEY, keyed, ALICE, TODAY, null),
        row(GrantAction.AUTH_KEY, keyed, BOB, TODAY, "not_found"),
        row(GrantAction.AUTH_KEY, keyed, CAROL, TODAY, "not_found"),
        row(GrantAction.AUTH_KEY, active, ALICE, TODAY, "not_auth_key"),
        row(GrantAction.AUTH_KEY, cluster, ALICE, TODAY, "not_auth_key"),
        row(GrantAction.AUTH_KEY, keyedPending, ALICE, TODAY, "not_ready"),
        row(GrantAction.AUTH_KEY, keyShown, ALICE, TODAY, "ended"),
        row(GrantAction.AUTH_KEY, keyShown, BOB, TODAY, "not_found"),
        row(GrantAction.AUTH_KEY, keyedRevoking, ALICE, TODAY, "ended"),
        row(GrantAction.AUTH_KEY, keyedEnded, ALICE, TODAY, "ended"));
  }

  @ParameterizedTest(name = "{0} by {2}: {4}")
  @MethodSource("table")
  void theRule(
      GrantAction action, GrantFacts grant, String actor, Authority authority, String refusal) {
    Optional<Refusal> r = GrantRules.refusal(action, grant, actor, NOW, authority);

    assertEquals(
        Optional.ofNullable(refusal),
        r.map(Refusal::code),
        () -> r.map(Throwable::getMessage).orElse("allowed"));
  }

  @Test
  void aCredentialNotReadyYetIsAnAnswerNotARefusal() {
    GrantFacts clusterPending =
        grant(GrantStatus.PENDING_APPROVAL, GrantKind.KUBERNETES, List.of(), false, null, 0);
    GrantFacts keyedActivating =
        grant(GrantStatus.ACTIVATING, GrantKind.AUTH_KEY, List.of(), false, null, 0);
    assertFalse(GrantRules.credentialReady(GrantAction.KUBECONFIG, clusterPending, ALICE, NOW));
    assertFalse(GrantRules.credentialReady(GrantAction.AUTH_KEY, keyedActivating, ALICE, NOW));
    assertTrue(
        GrantRules.credentialReady(
            GrantAction.KUBECONFIG,
            grant(GrantStatus.ACTIVE, GrantKind.KUBERNETES, List.of(), false, null, 0),
            ALICE,
            NOW));
    // Whoever may not have it is refused, pending or not.
    assertEquals(
        "not_found",
        assertThrows(
                Refusal.class,
                () -> GrantRules.credentialReady(GrantAction.KUBECONFIG, clusterPending, BOB, NOW))
            .code());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            GrantRules.credentialReady(GrantAction.REVOKE, grant(GrantStatus.ACTIVE), ALICE, NOW));
  }

  @Test
  void aPageOffersExactlyWhatTheRulesAllow() {
    assertEquals(
        EnumSet.of(GrantAction.VIEW, GrantAction.APPROVE, GrantAction.DENY, GrantAction.REVOKE),
        GrantRules.allowed(grant(GrantStatus.PENDING_APPROVAL), BOB, NOW, TODAY));
    assertEquals(
        EnumSet.of(GrantAction.VIEW, GrantAction.REVOKE, GrantAction.EXTEND),
        GrantRules.allowed(grant(GrantStatus.ACTIVE), ALICE, NOW, TODAY));
    assertEquals(
        EnumSet.noneOf(GrantAction.class),
        GrantRules.allowed(grant(GrantStatus.ACTIVE), MALLORY, NOW, TODAY));
  }

  @Test
  void theSelfApprovalRefusalSaysWhy() {
    Refusal r =
        assertThrows(
            Refusal.class,
            () ->
                GrantRules.check(
                    GrantAction.APPROVE, grant(GrantStatus.PENDING_APPROVAL), ALICE, NOW, TODAY));
    assertTrue(r.getMessage().contains("your own grant"), r.getMessage());
    Refusal stale =
        assertThrows(
            Refusal.class,
            () ->
                GrantRules.check(
                    GrantAction.APPROVE,
                    grant(GrantStatus.PENDING_APPROVAL),
                    BOB,
                    NOW,
                    new Authority(Set.of(ERIN), Set.of(), null, null)));
    assertTrue(stale.getMessage().contains("no longer an approver"), stale.getMessage());
  }

  // ---------------------------------------------------------------- withdraw

  /** Each row: the grant, who withdraws whose approval, and the refusal code (null: allowed). */
  static Stream<Arguments> withdrawals() {
    GrantFacts bobApproved = bobVoted(GrantStatus.PENDING_APPROVAL, Verdict.APPROVE);
    return Stream.of(
        Arguments.of(bobApproved, SYSTEM, BOB, null),
        Arguments.of(bobApproved, CAROL, BOB, "forbidden"),
        Arguments.of(bobApproved, SYSTEM, ERIN, "no_approval"),
        Arguments.of(
            bobVoted(GrantStatus.PENDING_APPROVAL, Verdict.DENY), SYSTEM, BOB, "no_approval"),
        Arguments.of(bobVoted(GrantStatus.ACTIVE, Verdict.APPROVE), SYSTEM, BOB, "wrong_state"));
  }

  @ParameterizedTest(name = "{1} withdraws {2}'s approval: {3}")
  @MethodSource("withdrawals")
  void onlyTailGrantWithdrawsAnApprovalThatWasGivenOnAPendingGrant(
      GrantFacts grant, String actor, String approver, String refusal) {
    Withdrawal w = new Withdrawal(actor, approver, "deleted", "g-abcdefgh");
    if (refusal == null) {
      GrantRules.checkWithdraw(grant, w);
    } else {
      assertEquals(
          refusal, assertThrows(Refusal.class, () -> GrantRules.checkWithdraw(grant, w)).code());
    }
  }

  @Test
  void aSystemActorIsNamedByTheEventAndNeverLooksLikeALogin() {
    assertEquals("tailscale:userDeleted", SYSTEM);
    assertTrue(SystemActor.is(SYSTEM));
    assertTrue(!SystemActor.is(BOB) && !SystemActor.is(null));
  }

  @Test
  void aPendingGrantATailscaleEventEndsIsDeniedOneAPersonEndsIsRevoked() {
    assertEquals(GrantStatus.DENIED, GrantRules.endedBeforeApproval(SYSTEM));
    assertEquals(
        GrantStatus.DENIED, GrantRules.endedBeforeApproval(SystemActor.of("policyUpdate")));
    assertEquals(GrantStatus.REVOKED, GrantRules.endedBeforeApproval(ALICE));
    assertEquals(GrantStatus.REVOKED, GrantRules.endedBeforeApproval(CAROL));
  }

  // ---------------------------------------------------------------- extend

  @Test
  void extendAddsTheRequestedTimeWithinTheCeiling() {
    assertEquals(
        ACTIVATED.plus(Duration.ofMinutes(90)),
        GrantRules.extendedEnd(grant(GrantStatus.ACTIVE), ALICE, Duration.ofMinutes(30)));
  }

  @Test
  void extendIsClampedToMaxDurationFromActivation() {
    assertEquals(
        ACTIVATED.plus(Duration.ofHours(2)),
        GrantRules.extendedEnd(grant(GrantStatus.ACTIVE), ALICE, Duration.ofHours(5)));
    assertEquals(
        ACTIVATED.plus(Duration.ofHours(2)),
        GrantRules.extendedEnd(grant(GrantStatus.ACTIVE), ALICE, Duration.ofDays(100_000_000)));
  }

  @Test
  void extendOfAGrantAlreadyAtTheCeilingIsAConflict() {
    GrantFacts atCeiling =
        new GrantFacts(
            "g-abcdefgh",
            "db-admin",
            GrantKind.POSTURE,
            ALICE,
            GrantStatus.ACTIVE,
            Set.of(BOB),
            Set.of(),
            1,
            List.of(),
            false,
            ACTIVATED,
            ACTIVATED.plus(Duration.ofHours(2)),
            Duration.ofHours(2),
            GrantLimits.DEFAULTS,
            null,
            0,
            false,
            false,
            false,
            null,
            null);
    Refusal r =
        assertThrows(
            Refusal.class, () -> GrantRules.extendedEnd(atCeiling, ALICE, Duration.ofMinutes(5)));
    assertEquals(Refusal.Kind.CONFLICT, r.kind());
  }

  /** {@code g} as an approver shortened it to {@code to}. */
  static GrantFacts shortened(GrantFacts g, Duration to) {
    return new GrantFacts(
        g.grantId(),
        g.grantType(),
        g.kind(),
        g.requester(),
        g.status(),
        g.approvers(),
        g.admins(),
        g.approvalsRequired(),
        g.approvals(),
        g.revoking(),
        g.activatedAt(),
        g.activatedAt().plus(to),
        g.maxDuration(),
        g.limits(),
        g.lastKubeconfigAt(),
        g.kubeconfigsIssued(),
        g.authKeyIssued(),
        g.acceptsCapabilityRoles(),
        g.stagedApproval(),
        to,
        null);
  }

  @Test
  void aGrantAnApproverShortenedIsExtendedNoFurtherThanTheApproversDuration() {
    GrantFacts half = shortened(grant(GrantStatus.ACTIVE), Duration.ofMinutes(30));
    Refusal r =
        assertThrows(
            Refusal.class, () -> GrantRules.extendedEnd(half, ALICE, Duration.ofMinutes(10)));
    assertEquals(Refusal.Kind.CONFLICT, r.kind());
    assertTrue(r.getMessage().contains("30m"), r.getMessage());
    assertTrue(r.getMessage().contains("an approver"), r.getMessage());
    // Without the shortening the same grant could run on to the type's two hours.
    GrantFacts asAsked = grant(GrantStatus.ACTIVE);
    assertEquals(
        ACTIVATED.plus(Duration.ofMinutes(70)),
        GrantRules.extendedEnd(asAsked, ALICE, Duration.ofMinutes(10)));
  }

  @ParameterizedTest(name = "by {0}")
  @NullSource
  @ValueSource(strings = {"PT0S", "PT0.000000001S", "PT59S", "PT-5M"})
  void extendByLessThanTheSmallestExtensionIsABadRequest(Duration by) {
    Refusal r =
        assertThrows(
            Refusal.class, () -> GrantRules.extendedEnd(grant(GrantStatus.ACTIVE), ALICE, by));
    assertEquals("extension_too_small", r.code());
  }

  // ---------------------------------------------------------------- quorum

  static Approval vote(String actor, Verdict v) {
    return new Approval(actor, v, null, ACTIVATED, false);
  }

  /** Each row: why, the votes so far, and what a 2-of-N quorum says of them. */
  static Stream<Arguments> twoOfVotes() {
    return Stream.of(
        Arguments.of("no vote yet", List.of(), Quorum.Outcome.WAITING),
        Arguments.of("one of two", List.of(vote(BOB, Verdict.APPROVE)), Quorum.Outcome.WAITING),
        Arguments.of(
            "bob counts once",
            List.of(vote(BOB, Verdict.APPROVE), vote(BOB, Verdict.APPROVE)),
            Quorum.Outcome.WAITING),
        Arguments.of(
            "never the requester",
            List.of(vote(BOB, Verdict.APPROVE), vote(ALICE, Verdict.APPROVE)),
            Quorum.Outcome.WAITING),
        Arguments.of(
            "only approvers count",
            List.of(vote(BOB, Verdict.APPROVE), vote(MALLORY, Verdict.APPROVE)),
            Quorum.Outcome.WAITING),
        Arguments.of(
            "two approvers",
            List.of(vote(BOB, Verdict.APPROVE), vote(ERIN, Verdict.APPROVE)),
            Quorum.Outcome.APPROVED),
        Arguments.of(
            "one deny ends it",
            List.of(vote(BOB, Verdict.APPROVE), vote(ERIN, Verdict.DENY)),
            Quorum.Outcome.DENIED),
        Arguments.of(
            "a stranger's deny counts for nothing",
            List.of(vote(MALLORY, Verdict.DENY)),
            Quorum.Outcome.WAITING));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("twoOfVotes")
  void twoOfNeedsTwoDistinctApproversAndNeverTheRequester(
      String why, List<Approval> votes, Quorum.Outcome outcome) {
    Quorum twoOf = new Quorum(Set.of(BOB, ERIN, CAROL, ALICE), ALICE, 2, false, List.of());

    assertEquals(outcome, twoOf.outcome(votes), why);
  }
}
