package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * Roles from the tailnet policy's app capability, case by case: they add to the YAML config's roles
 * per role (a union), count only on grants that accept them, and never widen a refusal.
 */
class CapabilityRolesTest {
  static final String ALICE = GrantRulesTest.ALICE;
  static final String BOB = GrantRulesTest.BOB;
  static final String CAROL = GrantRulesTest.CAROL;
  static final String DAVE = "dave@example.com";
  static final String MALLORY = GrantRulesTest.MALLORY;
  static final String SYSTEM = GrantRulesTest.SYSTEM;
  static final Instant NOW = GrantRulesTest.NOW;
  static final String TYPE = "db-admin";

  static CapabilityRoles requester(String... types) {
    return new CapabilityRoles(Set.of(types), Set.of(), false);
  }

  static CapabilityRoles approver(String... types) {
    return new CapabilityRoles(Set.of(), Set.of(types), false);
  }

  static final CapabilityRoles ADMIN = new CapabilityRoles(Set.of(), Set.of(), true);

  /** {@code g}, requested while capability roles count (or not). */
  static GrantFacts accepting(GrantFacts g, boolean accepts) {
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
        g.expiresAt(),
        g.maxDuration(),
        g.limits(),
        g.lastKubeconfigAt(),
        g.kubeconfigsIssued(),
        g.authKeyIssued(),
        accepts,
        g.stagedApproval(),
        g.shortenedTo(),
        null);
  }

  static GrantFacts grant(GrantStatus status, boolean accepts, Approval... votes) {
    return accepting(
        GrantRulesTest.grant(status, GrantKind.POSTURE, List.of(votes), false, null, 0), accepts);
  }

  static Authority today(String person, CapabilityRoles roles) {
    return GrantRulesTest.TODAY.withCapability(person, roles, TYPE);
  }

  static Arguments row(
      GrantAction action, GrantFacts g, String actor, Authority a, String refusal) {
    return Arguments.of(action, g, actor, a, refusal);
  }

  /**
   * Each row: action, grant, actor, the authority in force (the YAML config's roles and what the
   * capability says of the actor), and the refusal code (null: allowed).
   */
  static Stream<Arguments> table() {
    GrantFacts pending = grant(GrantStatus.PENDING_APPROVAL, true);
    GrantFacts pendingYamlOnly = grant(GrantStatus.PENDING_APPROVAL, false);
    GrantFacts active = grant(GrantStatus.ACTIVE, true);
    GrantFacts activeYamlOnly = grant(GrantStatus.ACTIVE, false);
    GrantFacts daveApproved =
        grant(
            GrantStatus.PENDING_APPROVAL,
            true,
            new Approval(DAVE, Verdict.APPROVE, "ok", NOW.minusSeconds(5), true));
    Authority daveApproves = today(DAVE, approver(TYPE));
    Authority daveApprovesAnother = today(DAVE, approver("ssh-prod"));
    Authority daveRequests = today(DAVE, requester(TYPE));
    Authority daveAdmin = today(DAVE, ADMIN);
    Authority aliceApproves = today(ALICE, approver(TYPE));
    Authority bobLeftButApproves =
        new Authority(Set.of(GrantRulesTest.ERIN), Set.of(CAROL), null, null)
            .withCapability(BOB, approver(TYPE), TYPE);
    Authority systemApproves = today(SYSTEM, approver(TYPE));
    GrantFacts stagedPending = staged(pending);
    GrantFacts stagedActive = staged(active);
    return Stream.of(
        // an approver by capability decides on a grant that accepts capability roles
        row(GrantAction.APPROVE, pending, DAVE, daveApproves, null),
        row(GrantAction.DENY, pending, DAVE, daveApproves, null),
        row(GrantAction.VIEW, pending, DAVE, daveApproves, null),
        row(GrantAction.REVOKE, active, DAVE, daveApproves, null),
        // ... and on no other: not of another type, not on a grant requested without them
        row(GrantAction.APPROVE, pendingYamlOnly, DAVE, daveApproves, "forbidden"),
        row(GrantAction.VIEW, pendingYamlOnly, DAVE, daveApproves, "not_found"),
        row(GrantAction.REVOKE, activeYamlOnly, DAVE, daveApproves, "forbidden"),
        row(GrantAction.APPROVE, pending, DAVE, daveApprovesAnother, "forbidden"),
        row(GrantAction.APPROVE, pending, DAVE, daveRequests, "forbidden"),
        row(GrantAction.APPROVE, pending, DAVE, daveAdmin, "forbidden"),
        row(GrantAction.APPROVE, pending, MALLORY, daveApproves, "forbidden"),
        // a capability never widens a refusal: the requester, twice, the wrong state, an event
        row(GrantAction.APPROVE, pending, ALICE, aliceApproves, "forbidden"),
        row(GrantAction.DENY, pending, ALICE, aliceApproves, "forbidden"),
        row(GrantAction.APPROVE, daveApproved, DAVE, daveApproves, "wrong_state"),
        row(GrantAction.APPROVE, active, DAVE, daveApproves, "wrong_state"),
        row(GrantAction.APPROVE, pending, SYSTEM, systemApproves, "forbidden"),
        row(GrantAction.EXTEND, active, DAVE, daveAdmin, "forbidden"),
        row(GrantAction.KUBECONFIG, active, DAVE, daveAdmin, "not_found"),
        row(GrantAction.AUTH_KEY, active, DAVE, daveAdmin, "not_found"),
        // union per role: the YAML roles stand beside the capability's
        row(GrantAction.APPROVE, pending, BOB, daveApproves, null),
        row(GrantAction.APPROVE, pendingYamlOnly, BOB, daveApproves, null),
        row(GrantAction.APPROVE, pending, BOB, bobLeftButApproves, null),
        row(GrantAction.APPROVE, pendingYamlOnly, BOB, bobLeftButApproves, "forbidden"),
        row(GrantAction.REVOKE, active, CAROL, daveApproves, null),
        // an admin by capability sees every grant (as today's YAML admins do) and revokes those
        // that accept capability roles
        row(GrantAction.VIEW, active, DAVE, daveAdmin, null),
        row(GrantAction.VIEW, activeYamlOnly, DAVE, daveAdmin, null),
        row(GrantAction.REVOKE, active, DAVE, daveAdmin, null),
        row(GrantAction.REVOKE, pending, DAVE, daveAdmin, null),
        row(GrantAction.REVOKE, activeYamlOnly, DAVE, daveAdmin, "forbidden"),
        row(GrantAction.VIEW, active, DAVE, daveRequests, "not_found"),
        // a staged approval: its stages are the people its type names, so an approver only by
        // capability decides nothing on it, sees it as no approver and revokes nothing; the named
        // stage approvers and a capability admin keep their rights
        row(GrantAction.APPROVE, stagedPending, DAVE, daveApproves, "forbidden"),
        row(GrantAction.DENY, stagedPending, DAVE, daveApproves, "forbidden"),
        row(GrantAction.VIEW, stagedPending, DAVE, daveApproves, "not_found"),
        row(GrantAction.REVOKE, stagedActive, DAVE, daveApproves, "forbidden"),
        row(GrantAction.APPROVE, stagedPending, BOB, daveApproves, null),
        row(GrantAction.REVOKE, stagedActive, DAVE, daveAdmin, null),
        row(GrantAction.VIEW, stagedActive, DAVE, daveAdmin, null));
  }

  /** {@code g} with a staged approval (its approvers: everyone its stages name). */
  static GrantFacts staged(GrantFacts g) {
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
        g.expiresAt(),
        g.maxDuration(),
        g.limits(),
        g.lastKubeconfigAt(),
        g.kubeconfigsIssued(),
        g.authKeyIssued(),
        g.acceptsCapabilityRoles(),
        true,
        g.shortenedTo(),
        null);
  }

  @ParameterizedTest(name = "{0} by {2}: {4}")
  @MethodSource("table")
  void theRule(
      GrantAction action, GrantFacts grant, String actor, Authority authority, String refusal) {
    Optional<Refusal> r = GrantRules.refusal(action, grant, actor, NOW, authority);

    assertEquals(
        Optional.ofNullable(refusal),
        r.map(Refusal::code),
        action + " by " + actor + ": " + r.map(Refusal::getMessage).orElse("allowed"));
  }

  @Test
  void theInboxHoldsWhatACapabilityApproverMayDecide() {
    GrantFacts pending = grant(GrantStatus.PENDING_APPROVAL, true);
    assertTrue(GrantRules.awaitsDecisionBy(pending, DAVE, NOW, today(DAVE, approver(TYPE))));
    assertFalse(GrantRules.awaitsDecisionBy(pending, DAVE, NOW, today(DAVE, requester(TYPE))));
    assertFalse(
        GrantRules.awaitsDecisionBy(
            grant(GrantStatus.PENDING_APPROVAL, false), DAVE, NOW, today(DAVE, approver(TYPE))));
    assertFalse(GrantRules.awaitsDecisionBy(pending, ALICE, NOW, today(ALICE, approver(TYPE))));
    assertTrue(GrantRules.awaitsDecisionBy(pending, BOB, NOW, GrantRulesTest.TODAY));
    // never a staged approval's, whose stages name their people
    assertFalse(
        GrantRules.awaitsDecisionBy(staged(pending), DAVE, NOW, today(DAVE, approver(TYPE))));
    assertTrue(GrantRules.awaitsDecisionBy(staged(pending), BOB, NOW, GrantRulesTest.TODAY));
  }

  // ---------------------------------------------------------------- requesting

  static final Principal DAVE_LAPTOP = new Principal(DAVE, "Dave", "nDave", "dave-laptop");
  static final Principal DAVE_SHARED_IN = new Principal(DAVE, "Dave", "nDave", "dave-laptop", true);
  static final Principal ALICE_LAPTOP =
      new Principal(ALICE, "Alice", "nAliceLaptop", "alice-laptop");

  static GrantSpec spec(String roleCapability, Set<String> requesters) {
    return new GrantSpec(
        TYPE,
        "Database admin",
        GrantKind.POSTURE,
        List.of(),
        new PostureAttribute("custom:tailgrant_db_admin", true),
        TargetRule.ownDevice(),
        Risk.HIGH,
        Duration.ofMinutes(5),
        Duration.ofHours(2),
        requesters,
        Set.of(BOB),
        1,
        Duration.ofHours(1),
        Set.of(CAROL),
        true,
        null,
        null,
        null,
        null,
        null,
        roleCapability,
        null,
        0,
        null,
        null);
  }

  static final String CAP = "example.com/cap/tailgrant";

  static Stream<Arguments> requesters() {
    GrantSpec accepting = spec(CAP, Set.of(ALICE));
    GrantSpec yamlOnly = spec(null, Set.of(ALICE));
    GrantSpec members = spec(CAP, Set.of(Policy.ANY_MEMBER));
    return Stream.of(
        Arguments.of(accepting, DAVE_LAPTOP, requester(TYPE), true, true),
        Arguments.of(accepting, DAVE_LAPTOP, requester("ssh-prod"), false, false),
        Arguments.of(accepting, DAVE_LAPTOP, approver(TYPE), false, false),
        Arguments.of(accepting, DAVE_LAPTOP, ADMIN, false, false),
        Arguments.of(accepting, DAVE_LAPTOP, null, false, false),
        // a shared-in user's capability counts for nothing (they are not a member)
        Arguments.of(accepting, DAVE_SHARED_IN, requester(TYPE), false, false),
        Arguments.of(members, DAVE_SHARED_IN, requester(TYPE), false, false),
        // not on a grant requested while no capability counts
        Arguments.of(yamlOnly, DAVE_LAPTOP, requester(TYPE), false, false),
        // the YAML requesters stand whatever the capability says (never by capability, then)
        Arguments.of(accepting, ALICE_LAPTOP, CapabilityRoles.NONE, true, false),
        Arguments.of(accepting, ALICE_LAPTOP, requester(TYPE), true, false),
        Arguments.of(members, DAVE_LAPTOP, requester(TYPE), true, false));
  }

  @ParameterizedTest(name = "{1} with {2}: may {3}, by capability {4}")
  @MethodSource("requesters")
  void whoMayRequest(
      GrantSpec spec, Principal person, CapabilityRoles roles, boolean may, boolean byCapability) {
    assertEquals(may, Policy.mayRequest(spec, person, roles));
    assertEquals(byCapability, Policy.requestsByCapability(spec, person, roles));
    Optional<Refusal> refused = refusal(() -> Policy.checkMayRequest(spec, person, roles));
    assertEquals(may ? Optional.empty() : Optional.of("forbidden"), refused.map(Refusal::code));
  }

  // ---------------------------------------------------------------- counting votes

  static Approval yes(String who, boolean byCapability) {
    return new Approval(who, Verdict.APPROVE, null, NOW, byCapability);
  }

  static Approval no(String who, boolean byCapability) {
    return new Approval(who, Verdict.DENY, null, NOW, byCapability);
  }

  static Stream<Arguments> votes() {
    Quorum accepting = new Quorum(Set.of(BOB), ALICE, 2, true, List.of());
    Quorum yamlOnly = new Quorum(Set.of(BOB), ALICE, 2, false, List.of());
    // one of bob and one of carol: a staged approval on a grant that accepts capability roles
    Quorum staged =
        new Quorum(
            null,
            ALICE,
            0,
            true,
            List.of(
                new QuorumStage("sre", Set.of(BOB), 1), new QuorumStage("sec", Set.of(CAROL), 1)));
    return Stream.of(
        Arguments.of(accepting, List.of(yes(BOB, false), yes(DAVE, true)), Quorum.Outcome.APPROVED),
        Arguments.of(yamlOnly, List.of(yes(BOB, false), yes(DAVE, true)), Quorum.Outcome.WAITING),
        // a vote not marked by capability counts only from a named approver
        Arguments.of(accepting, List.of(yes(BOB, false), yes(DAVE, false)), Quorum.Outcome.WAITING),
        // nobody twice, never the requester, one deny ends it
        Arguments.of(accepting, List.of(yes(DAVE, true), yes(DAVE, true)), Quorum.Outcome.WAITING),
        Arguments.of(accepting, List.of(yes(BOB, false), yes(ALICE, true)), Quorum.Outcome.WAITING),
        Arguments.of(accepting, List.of(yes(BOB, false), no(DAVE, true)), Quorum.Outcome.DENIED),
        Arguments.of(accepting, List.of(no(ALICE, true), yes(BOB, false)), Quorum.Outcome.WAITING),
        Arguments.of(yamlOnly, List.of(no(DAVE, true), yes(BOB, false)), Quorum.Outcome.WAITING),
        // a staged approval counts the people its stages name: a capability fills no stage, and
        // its deny ends nothing
        Arguments.of(staged, List.of(yes(BOB, false), yes(DAVE, true)), Quorum.Outcome.WAITING),
        Arguments.of(staged, List.of(yes(BOB, false), no(DAVE, true)), Quorum.Outcome.WAITING),
        Arguments.of(
            staged,
            List.of(yes(BOB, false), yes(DAVE, true), yes(CAROL, false)),
            Quorum.Outcome.APPROVED));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("votes")
  void howVotesAddUp(Quorum quorum, List<Approval> votes, Quorum.Outcome outcome) {
    assertEquals(outcome, quorum.outcome(votes));
  }

  @Test
  void aDecisionCountsAsByCapabilityOnlyWhenOnlyTheCapabilityMakesItsActorAnApprover() {
    GrantSpec accepting = spec(CAP, Set.of(ALICE));
    GrantSpec yamlOnly = spec(null, Set.of(ALICE));
    String id = "g-abcdefgh";
    assertTrue(
        new Decision(DAVE, "ok", id, approver(TYPE))
            .vote(Verdict.APPROVE, NOW, accepting)
            .byCapability());
    assertFalse(
        new Decision(DAVE, "ok", id, approver(TYPE))
            .vote(Verdict.APPROVE, NOW, yamlOnly)
            .byCapability());
    assertFalse(
        new Decision(DAVE, "ok", id, approver("ssh-prod"))
            .vote(Verdict.APPROVE, NOW, accepting)
            .byCapability());
    assertFalse(
        new Decision(DAVE, "ok", id, null).vote(Verdict.APPROVE, NOW, accepting).byCapability());
    // bob is named by the snapshot: his vote needs no capability
    assertFalse(
        new Decision(BOB, "ok", id, approver(TYPE))
            .vote(Verdict.APPROVE, NOW, accepting)
            .byCapability());
    assertEquals(
        Quorum.Outcome.APPROVED,
        Quorum.of(accepting, ALICE)
            .outcome(
                List.of(
                    new Decision(DAVE, "ok", id, approver(TYPE))
                        .vote(Verdict.APPROVE, NOW, accepting))));
    // on a staged spec a capability vote counts for no stage, even marked as by capability
    GrantSpec staged =
        new GrantSpec(
            accepting.name(),
            accepting.description(),
            accepting.kind(),
            accepting.tags(),
            accepting.posture(),
            accepting.target(),
            accepting.risk(),
            accepting.minDuration(),
            accepting.maxDuration(),
            accepting.requesters(),
            accepting.approvers(),
            1,
            accepting.approvalTimeout(),
            accepting.admins(),
            accepting.reasonRequired(),
            null,
            null,
            null,
            null,
            null,
            CAP,
            List.of(new QuorumStage("sre", Set.of(BOB), 1)),
            0,
            null,
            null);
    assertEquals(
        Quorum.Outcome.WAITING,
        Quorum.of(staged, ALICE)
            .outcome(
                List.of(
                    new Decision(DAVE, "ok", id, approver(TYPE))
                        .vote(Verdict.APPROVE, NOW, staged))));
  }

  // ---------------------------------------------------------------- the roles themselves

  @Test
  void severalValuesAddUpAndNothingIsTakenAway() {
    CapabilityRoles a = new CapabilityRoles(Set.of("ssh-prod"), Set.of(TYPE), false);
    CapabilityRoles b = new CapabilityRoles(Set.of(TYPE), Set.of(), true);
    CapabilityRoles both = a.union(b);
    assertEquals(Set.of("ssh-prod", TYPE), both.requester());
    assertEquals(Set.of(TYPE), both.approver());
    assertTrue(both.admin());
    assertEquals(both, b.union(a));
    assertEquals(a, a.union(CapabilityRoles.NONE));
    assertEquals(a, a.union(null));
  }

  @Test
  void aRequestCarriesOnlyWhatBearsOnItsGrantType() {
    CapabilityRoles roles = new CapabilityRoles(Set.of("ssh-prod", TYPE), Set.of("x"), true);
    assertEquals(new CapabilityRoles(Set.of(TYPE), Set.of(), true), roles.forType(TYPE));
    assertTrue(requester("x").forType(TYPE).none());
    assertFalse(ADMIN.forType(TYPE).none());
  }

  @Test
  void aSharedInUserHoldsNoCapabilityRole() {
    CapabilityRoles roles = new CapabilityRoles(Set.of(TYPE), Set.of(TYPE), true);
    assertSame(CapabilityRoles.NONE, CapabilityRoles.forCaller(roles, true));
    assertSame(roles, CapabilityRoles.forCaller(roles, false));
    assertSame(CapabilityRoles.NONE, CapabilityRoles.forCaller(null, false));
  }

  @Test
  void anAuthorityAddsOnlyWhatTheCapabilitySaysOfThatPerson() {
    Authority a = today(DAVE, new CapabilityRoles(Set.of(), Set.of(TYPE), true));
    assertEquals(Set.of(DAVE), a.capabilityApprovers());
    assertEquals(Set.of(DAVE), a.capabilityAdmins());
    assertEquals(GrantRulesTest.TODAY.approvers(), a.approvers());
    Authority none = GrantRulesTest.TODAY.withCapability(DAVE, null, TYPE);
    assertTrue(none.capabilityApprovers().isEmpty());
    assertNull(new Decision(DAVE, null, "g-x", null).capability());
  }

  private static Optional<Refusal> refusal(Runnable check) {
    try {
      check.run();
      return Optional.empty();
    } catch (Refusal r) {
      return Optional.of(r);
    }
  }
}
