package io.tailgrant.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.directory.GrantSummary;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.Risk;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which Tailscale events TailGrant acts on, how it names them, and which grants they touch. */
class TailnetEventRulesTest {
  static final String ALICE = "alice@example.com";
  static final String BOB = "bob@example.com";
  static final Instant AT = Instant.parse("2026-03-01T14:05:00.123456789Z");
  static final Instant RECEIVED = AT.plusSeconds(3);

  static GrantSummary grant(
      String id, String type, String requester, GrantStatus status, Instant requestedAt) {
    return new GrantSummary(
        id,
        type,
        GrantKind.POSTURE,
        Risk.HIGH,
        requester,
        "n-target",
        "target",
        List.of(),
        "custom:x",
        status,
        List.of(ALICE, BOB),
        List.of(),
        "why",
        requestedAt,
        null,
        null,
        null,
        1,
        "n-" + requester.substring(0, requester.indexOf('@')),
        null,
        null,
        null,
        false,
        null,
        false,
        false,
        null,
        null,
        List.of(),
        null);
  }

  static TailnetEventInput event(TailnetEventAction action, String type, String subject) {
    return new TailnetEventInput(
        action, type, AT, subject, "User deleted by admin", RECEIVED, Set.of("cap-type"));
  }

  @Test
  void deletionAndSuspensionOffboardRoleChangesOnlyToAListedRole() {
    Set<String> offboard = Set.of("auditor", "billing-admin");
    assertEquals(
        Optional.of(TailnetEventAction.OFFBOARD),
        TailnetEventRules.action("userDeleted", null, offboard));
    assertEquals(
        Optional.of(TailnetEventAction.OFFBOARD),
        TailnetEventRules.action("userSuspended", null, offboard));
    assertEquals(
        Optional.of(TailnetEventAction.OFFBOARD),
        TailnetEventRules.action("userRoleUpdated", List.of("auditor"), offboard));
    assertEquals(
        Optional.empty(), TailnetEventRules.action("userRoleUpdated", List.of("admin"), offboard));
    assertEquals(
        Optional.empty(),
        TailnetEventRules.action("userRoleUpdated", List.of("auditor"), Set.of()));
    assertEquals(
        Optional.of(TailnetEventAction.NODE_DELETED),
        TailnetEventRules.action("nodeDeleted", null, offboard));
    assertEquals(
        Optional.of(TailnetEventAction.POLICY_UPDATE),
        TailnetEventRules.action("policyUpdate", null, offboard));
    for (String ignored : List.of("userRestored", "nodeCreated", "test", "userApproved")) {
      assertEquals(Optional.empty(), TailnetEventRules.action(ignored, null, offboard), ignored);
    }
  }

  @Test
  void anEventIsNamedByWhatItIsAboutAndWhenItHappened() {
    assertEquals(
        "offboard/alice@example.com/2026-03-01T14:05:00.123456789Z",
        TailnetEventRules.workflowId(event(TailnetEventAction.OFFBOARD, "userDeleted", ALICE)));
    assertEquals(
        "node-deleted/nABC/2026-03-01T14:05:00.123456789Z",
        TailnetEventRules.workflowId(
            event(TailnetEventAction.NODE_DELETED, "nodeDeleted", "nABC")));
    assertEquals(
        "policy-update/2026-03-01T14:05:00.123456789Z",
        TailnetEventRules.workflowId(
            event(TailnetEventAction.POLICY_UPDATE, "policyUpdate", null)));
    assertEquals(
        "tailscale:userSuspended",
        TailnetEventRules.actor(event(TailnetEventAction.OFFBOARD, "userSuspended", ALICE)));
  }

  @Test
  void theReasonIsOneBoundedLine() {
    TailnetEventInput hostile =
        new TailnetEventInput(
            TailnetEventAction.OFFBOARD,
            "userDeleted",
            AT,
            ALICE,
            "line one\nline two\u001b[31m" + "x".repeat(1000),
            RECEIVED,
            Set.of());
    String reason = TailnetEventRules.reason(hostile);
    assertTrue(reason.startsWith("Tailscale userDeleted alice@example.com: line one line two"));
    assertEquals(TailnetEventRules.REASON_MAX, reason.length());
    assertFalse(reason.chars().anyMatch(Character::isISOControl), reason);
  }

  @Test
  void offboardingEndsWhatThePersonRequestedAndWithdrawsTheirApprovals() {
    Instant before = RECEIVED.minus(Duration.ofMinutes(5));
    List<GrantSummary> grants =
        List.of(
            grant("g-active", "t", BOB, GrantStatus.ACTIVE, before),
            grant("g-pending", "t", BOB, GrantStatus.PENDING_APPROVAL, before),
            grant("g-activating", "t", BOB, GrantStatus.ACTIVATING, before),
            grant("g-ending", "t", BOB, GrantStatus.DEACTIVATING, before),
            grant("g-over", "t", BOB, GrantStatus.EXPIRED, before),
            grant("g-later", "t", BOB, GrantStatus.ACTIVE, RECEIVED.plusSeconds(1)),
            grant("g-alice-pending", "t", ALICE, GrantStatus.PENDING_APPROVAL, before),
            grant("g-alice-active", "t", ALICE, GrantStatus.ACTIVE, before));

    List<String> steps =
        TailnetEventRules.plan(event(TailnetEventAction.OFFBOARD, "userDeleted", BOB), grants)
            .stream()
            .map(TailnetEventStep::key)
            .toList();

    assertEquals(
        List.of(
            "REVOKE/g-active",
            "REVOKE/g-pending",
            "REVOKE/g-activating",
            "WITHDRAW/g-alice-pending"),
        steps);
  }

  @Test
  void aDeletedDeviceEndsWhatTargetsItOrWasRequestedFromIt() {
    List<GrantSummary> grants =
        List.of(
            grant("g-alice", "t", ALICE, GrantStatus.ACTIVE, AT),
            grant("g-bob", "t", BOB, GrantStatus.ACTIVE, AT));

    assertEquals(List.of("REVOKE/g-alice", "REVOKE/g-bob"), keys("n-target", grants));
    assertEquals(List.of("REVOKE/g-bob"), keys("n-bob", grants));
    assertEquals(List.of(), keys("n-other", grants));
  }

  private static List<String> keys(String node, List<GrantSummary> grants) {
    return TailnetEventRules.plan(
            event(TailnetEventAction.NODE_DELETED, "nodeDeleted", node), grants)
        .stream()
        .map(TailnetEventStep::key)
        .toList();
  }

  @Test
  void aPolicyChangeEndsOnlyPendingGrantsOfCapabilityTypes() {
    List<GrantSummary> grants =
        List.of(
            grant("g-cap-pending", "cap-type", ALICE, GrantStatus.PENDING_APPROVAL, AT),
            grant("g-cap-active", "cap-type", ALICE, GrantStatus.ACTIVE, AT),
            grant("g-other-pending", "other", ALICE, GrantStatus.PENDING_APPROVAL, AT));

    assertEquals(
        List.of("REVOKE/g-cap-pending"),
        TailnetEventRules.plan(
                event(TailnetEventAction.POLICY_UPDATE, "policyUpdate", null), grants)
            .stream()
            .map(TailnetEventStep::key)
            .toList());
  }

  /** {@code g} as the tailnet policy's capability shaped it. */
  static GrantSummary byCapability(
      GrantSummary g, boolean requestedByCapability, List<String> capabilityApprovals) {
    return new GrantSummary(
        g.id(),
        g.grantType(),
        g.kind(),
        g.risk(),
        g.requester(),
        g.targetNodeId(),
        g.targetName(),
        g.tags(),
        g.attributeKey(),
        g.status(),
        g.approvers(),
        g.admins(),
        g.reason(),
        g.requestedAt(),
        g.activatedAt(),
        g.expiresAt(),
        g.endedAt(),
        g.version(),
        g.requesterNodeId(),
        null,
        null,
        "example.com/cap/tailgrant",
        requestedByCapability,
        capabilityApprovals,
        false,
        false,
        null,
        null,
        List.of(),
        null);
  }

  @Test
  void aPolicyChangeEndsPendingGrantsOnlyTheCapabilityLetItsRequesterAskFor() {
    String dave = "dave@example.com";
    List<GrantSummary> grants =
        List.of(
            byCapability(
                grant("g-asked-by-cap", "other", dave, GrantStatus.PENDING_APPROVAL, AT),
                true,
                List.of()),
            byCapability(
                grant("g-active-by-cap", "other", dave, GrantStatus.ACTIVE, AT), true, List.of()),
            byCapability(
                grant("g-approved-by-cap", "other", ALICE, GrantStatus.PENDING_APPROVAL, AT),
                false,
                List.of(dave)),
            byCapability(
                grant(
                    "g-later",
                    "other",
                    dave,
                    GrantStatus.PENDING_APPROVAL,
                    RECEIVED.plusSeconds(1)),
                true,
                List.of()));

    assertEquals(
        List.of("REVOKE/g-asked-by-cap"),
        TailnetEventRules.plan(
                event(TailnetEventAction.POLICY_UPDATE, "policyUpdate", null), grants)
            .stream()
            .map(TailnetEventStep::key)
            .toList());
  }

  @Test
  void offboardingWithdrawsApprovalsGivenByCapabilityToo() {
    String dave = "dave@example.com";
    List<GrantSummary> grants =
        List.of(
            byCapability(
                grant("g-dave-approved", "other", ALICE, GrantStatus.PENDING_APPROVAL, AT),
                false,
                List.of(dave)),
            byCapability(
                grant("g-others", "other", ALICE, GrantStatus.PENDING_APPROVAL, AT),
                false,
                List.of("frank@example.com")));

    assertEquals(
        List.of("WITHDRAW/g-dave-approved"),
        TailnetEventRules.plan(event(TailnetEventAction.OFFBOARD, "userDeleted", dave), grants)
            .stream()
            .map(TailnetEventStep::key)
            .toList());
  }
}
