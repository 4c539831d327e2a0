package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.audit.AuditEvent;
import io.tailgrant.directory.GrantSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A grant's state and its projections are plain Java: the view, the summary, the facts the rules
 * decide on and the audit events all come from the record alone, without Temporal.
 */
class GrantRecordTest {
  static final Instant REQUESTED = Instant.parse("2026-03-01T10:00:00Z");

  static GrantRecord pendingDbAdmin() {
    GrantSpec spec =
        new GrantSpec(
            "db-admin",
            "Database admin",
            GrantKind.POSTURE,
            List.of(),
            new PostureAttribute("custom:tailgrant_db", true),
            TargetRule.ownDevice(),
            Risk.HIGH,
            Duration.ofMinutes(5),
            Duration.ofHours(2),
            Set.of("alice@example.com"),
            Set.of("bob@example.com", "erin@example.com"),
            2,
            Duration.ofHours(1),
            Set.of("carol@example.com"),
            true,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            0,
            null,
            null);
    GrantInput input =
        new GrantInput(
            "g-abcdefgh",
            spec,
            new Principal("alice@example.com", "Alice", "n-alice", "alice-laptop"),
            new TargetDevice("n-alice", "alice-laptop", "alice@example.com", List.of()),
            Duration.ofMinutes(30),
            "incident 42",
            REQUESTED,
            GrantLimits.DEFAULTS,
            null,
            null,
            false,
            null);
    return new GrantRecord(input, REQUESTED);
  }

  @Test
  void aNewRecordIsPendingAndSaysSoEverywhere() {
    GrantRecord g = pendingDbAdmin();

    GrantView view = g.view();
    assertEquals(GrantStatus.PENDING_APPROVAL, view.status());
    assertEquals("alice-laptop", view.target().name());
    assertEquals(
        List.of("bob@example.com", "erin@example.com"),
        view.approvers().stream().sorted().toList());
    GrantSummary summary = g.summary();
    assertEquals(GrantStatus.PENDING_APPROVAL, summary.status());
    assertEquals("custom:tailgrant_db", summary.attributeKey());
    assertEquals("n-alice", summary.requesterNodeId());
    GrantFacts facts = g.facts();
    assertEquals(2, facts.approvalsRequired());
    assertFalse(facts.revoking());
  }

  @Test
  void changesShowInEveryProjection() {
    GrantRecord g = pendingDbAdmin();
    g.approvals.add(new Approval("bob@example.com", Verdict.APPROVE, "ok", REQUESTED, false));
    g.status = GrantStatus.ACTIVE;
    g.activatedAt = REQUESTED.plusSeconds(60);
    g.expiresAt = g.activatedAt.plus(Duration.ofMinutes(30));
    g.revokeRequest = new RevokeRequest("alice@example.com", "done", "g-abcdefgh", null);
    g.version = 7;

    assertEquals(g.expiresAt, g.view().expiresAt());
    assertEquals(1, g.view().approvals().size());
    assertEquals(7, g.summary().version());
    assertEquals(g.activatedAt, g.summary().activatedAt());
    assertTrue(g.facts().revoking());
    assertEquals(GrantStatus.ACTIVE, g.facts().status());
  }

  @Test
  void eachTimelineEventBecomesOneAuditEventOnce() {
    GrantRecord g = pendingDbAdmin();
    g.record(REQUESTED, "alice@example.com", "requested", "30m on alice-laptop");
    g.record(REQUESTED.plusSeconds(1), "tailgrant", "auto-approved", " ");

    List<AuditEvent> first = g.takeUnpublishedEvents();
    assertEquals(2, first.size());
    assertEquals("g-abcdefgh/1", first.get(0).id());
    assertEquals("db-admin", first.get(0).grantType());
    assertNull(first.get(1).detail(), "a blank detail is left out");
    assertTrue(g.takeUnpublishedEvents().isEmpty(), "handed once");

    g.record(REQUESTED.plusSeconds(2), "bob@example.com", "approved", "ok");
    assertEquals(
        List.of("g-abcdefgh/3"), g.takeUnpublishedEvents().stream().map(AuditEvent::id).toList());
  }
}
