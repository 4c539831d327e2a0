package io.tailgrant.grant;

import static io.tailgrant.grant.NotifyStack.body;
import static io.tailgrant.grant.NotifyStack.events;
import static io.tailgrant.grant.NotifyStack.poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.audit.AuditActions;
import io.tailgrant.worker.Forge;
import io.tailgrant.worker.WorkflowTestStack;
import io.temporal.client.WorkflowUpdateException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Break-glass in the workflow, on Temporal's time-skipping clock: the grant activates at once
 * without approval, its reviewers and admins are told, and a durable timer revokes it at the end of
 * its 10-minute window unless a reviewer confirmed (it runs to its end) or revoked it first. The
 * requester never reviews their own, and a grant that did not break glass has nothing to review.
 */
class BreakGlassWorkflowTest {
  private static final String DAVE = "dave@example.com";
  private static final String ERIN = "erin@example.com";
  private static final String TYPE = "ssh-prod-emergency";
  private static final String KEY = "custom:tailgrant_ssh_prod";
  private WorkflowTestStack stack;

  @BeforeEach
  void start() {
    // Port 1: no grant type here mails, so the SMTP server is never asked.
    stack = NotifyStack.start(1, "[webhook]");
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  /** {@code login} breaks glass on ssh-prod-emergency for an hour, with {@code reason}. */
  private GrantWorkflow breakGlass(String login, String reason) {
    GrantInput base = stack.input(TYPE, login, Duration.ofHours(1));
    return stack.start(
        new GrantInput(
            base.grantId(),
            base.spec(),
            base.requester(),
            base.target(),
            base.duration(),
            reason,
            base.requestedAt(),
            null,
            null,
            null,
            true,
            null));
  }

  private static ReviewRequest review(String actor, ReviewDecision d, String comment, String id) {
    return new ReviewRequest(actor, d, comment, id);
  }

  private static Refusal refused(Runnable call) {
    WorkflowUpdateException e = assertThrows(WorkflowUpdateException.class, call::run);
    return RefusalFailures.fromFailure(e).orElseThrow();
  }

  @Test
  void activeAtOnceReviewersToldAndAConfirmedGrantRunsToItsEnd() {
    GrantWorkflow wf = breakGlass(DAVE, "prod is down, INC-42");
    String id = WorkflowTestStack.grantId(wf);
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);

    assertTrue(active.breakGlass());
    assertTrue(active.approvals().isEmpty(), "no approval was asked");
    assertEquals(active.activatedAt().plus(Duration.ofMinutes(10)), active.reviewBy());
    assertEquals(List.of("bob@example.com", ERIN), active.reviewers());
    assertTrue(stack.device("dave-laptop").attributes().containsKey(KEY), "access in place");
    assertTrue(
        active.timeline().stream().anyMatch(e -> e.action().equals(AuditActions.BROKE_GLASS)),
        active::toString);

    JsonNode told =
        poll(() -> events(stack, "webhook", id, "breakGlass"), l -> !l.isEmpty()).get(0);
    JsonNode payload = body(told);
    List<String> to = new ArrayList<>();
    payload.get("recipients").forEach(r -> to.add(r.asText()));
    assertEquals(List.of("bob@example.com", ERIN), to, "the reviewers, never the requester");
    JsonNode admins =
        poll(() -> events(stack, "slack", id, "breakGlass"), l -> !l.isEmpty()).get(0);
    assertEquals("For carol@example.com", body(admins).at("/blocks/1/elements/0/text").asText());

    Refusal own = refused(() -> wf.review(review(DAVE, ReviewDecision.CONFIRM, "fine", id)));
    assertEquals(Refusal.Kind.FORBIDDEN, own.kind(), "the requester never reviews their own");
    Refusal notReviewer =
        refused(() -> wf.review(review("carol@example.com", ReviewDecision.CONFIRM, "", id)));
    assertEquals(Refusal.Kind.FORBIDDEN, notReviewer.kind());

    GrantView confirmed = wf.review(review(ERIN, ReviewDecision.CONFIRM, "saw the incident", id));
    assertEquals(GrantStatus.ACTIVE, confirmed.status());
    assertEquals(ERIN, confirmed.review().actor());
    assertEquals(ReviewDecision.CONFIRM, confirmed.review().decision());
    Refusal twice =
        refused(() -> wf.review(review("bob@example.com", ReviewDecision.REVOKE, "", id)));
    assertEquals("already_reviewed", twice.code());

    stack.env.sleep(Duration.ofMinutes(11)); // past the window: a confirmed grant stays
    assertEquals(GrantStatus.ACTIVE, wf.view().status());

    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.EXPIRED, done.status());
    assertEquals(ReviewDecision.CONFIRM, done.review().decision());
    assertFalse(stack.device("dave-laptop").attributes().containsKey(KEY));
  }

  @Test
  void aReviewerWhoRevokesEndsTheGrant() {
    GrantWorkflow wf = breakGlass(DAVE, "prod is down");
    String id = WorkflowTestStack.grantId(wf);
    stack.awaitStatus(wf, GrantStatus.ACTIVE);

    GrantView revoked =
        wf.review(review(ERIN, ReviewDecision.REVOKE, "not an incident <b>really</b>", id));

    assertEquals(GrantStatus.REVOKED, revoked.status());
    assertEquals(ReviewDecision.REVOKE, revoked.review().decision());
    TimelineEvent end = revoked.timeline().get(revoked.timeline().size() - 1);
    assertEquals(ERIN, end.actor());
    assertFalse(stack.device("dave-laptop").attributes().containsKey(KEY));
  }

  @Test
  void leftUnreviewedItIsRevokedAtTheEndOfItsWindowAndAnAlertRaised() throws Exception {
    GrantWorkflow wf = breakGlass(DAVE, "prod is down");
    String id = WorkflowTestStack.grantId(wf);
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);

    GrantView done = stack.result(wf); // time skips to the review timer

    assertEquals(GrantStatus.REVOKED, done.status());
    assertFalse(done.endedAt().isBefore(active.reviewBy()), "not before the window's end");
    assertTrue(
        done.endedAt().isBefore(active.reviewBy().plus(Duration.ofMinutes(1))),
        "revoked at the end of the window, not at the grant's: " + done.endedAt());
    assertEquals(ReviewDecision.UNREVIEWED, done.review().decision());
    assertEquals(GrantLifecycle.TAILGRANT, done.review().actor());
    assertTrue(
        done.timeline().stream().anyMatch(e -> e.action().equals(AuditActions.UNREVIEWED)),
        done::toString);
    assertFalse(stack.device("dave-laptop").attributes().containsKey(KEY));

    JsonNode alert =
        poll(() -> events(stack, "slack", id, "breakGlassUnreviewed"), l -> !l.isEmpty()).get(0);
    assertEquals("For carol@example.com", body(alert).at("/blocks/1/elements/0/text").asText());
    stack.awaitPublished(wf, GrantStatus.REVOKED);
    String audit = Files.readString(stack.auditFile);
    assertTrue(audit.contains("\"" + AuditActions.UNREVIEWED + "\""), audit);
  }

  @Test
  void noReasonOrSomeoneTheRuleDoesNotNameIsRefusedAndGetsNothing() {
    GrantView noReason = stack.result(breakGlass("alice@example.com", " "));
    assertEquals(GrantStatus.FAILED, noReason.status());
    assertNull(noReason.activatedAt());

    GrantInput base = stack.input("ssh-prod", "bob@example.com", Duration.ofHours(1));
    GrantWorkflow bob =
        stack.start(
            new GrantInput(
                base.grantId(),
                base.spec(),
                base.requester(),
                base.target(),
                base.duration(),
                "let me in",
                base.requestedAt(),
                null,
                null,
                null,
                true,
                null));
    GrantView refused = stack.result(bob);
    assertEquals(GrantStatus.FAILED, refused.status(), "ssh-prod allows no break-glass");
    assertNull(refused.activatedAt());
  }

  @Test
  void aGrantThatDidNotBreakGlassHasNothingToReview() {
    GrantWorkflow wf =
        stack.request(TYPE, DAVE, "dave-laptop", Duration.ofHours(1), "routine maintenance");
    String id = WorkflowTestStack.grantId(wf);
    GrantView pending = stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    assertFalse(pending.breakGlass());
    Refusal r = refused(() -> wf.review(review(ERIN, ReviewDecision.CONFIRM, "", id)));
    assertEquals(Refusal.Kind.CONFLICT, r.kind());
    assertEquals("not_break_glass", r.code());
  }

  @Test
  void aForgedSnapshotThatAllowsBreakGlassIsRefusedByTheWorkersConfig() {
    GrantInput honest = stack.input("db-admin", "alice@example.com", Duration.ofHours(1));
    GrantSpec forged =
        Forge.with(
            honest.spec(),
            "breakGlass",
            new BreakGlass(
                java.util.Set.of("alice@example.com"),
                java.util.Set.of("bob@example.com"),
                Duration.ofMinutes(10)));
    GrantInput asked =
        Forge.with(
            Forge.with(Forge.with(honest, "spec", forged), "reason", "let me in"),
            "breakGlass",
            true);
    GrantView done = stack.result(stack.start(asked));
    assertEquals(GrantStatus.FAILED, done.status(), done::toString);
    assertTrue(String.valueOf(done.failure()).contains("breakGlass"), done.failure());
    assertNull(done.activatedAt());
    assertFalse(stack.device("alice-laptop").attributes().containsKey("custom:tailgrant_db_admin"));
  }
}
