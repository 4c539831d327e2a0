package io.tailgrant.grant;

import static io.tailgrant.grant.GrantLifecycle.TAILGRANT;

import io.tailgrant.audit.AuditActions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Set;

/**
 * A break-glass grant's review: the requester broke glass (no approval is asked), its reviewers and
 * admins are told at once, and a durable timer runs to {@code reviewBy} beside the grant's own
 * wait. A reviewer's confirm stops it and the grant runs to its end; a revoke ends the grant; when
 * the timer fires first, TailGrant revokes the grant and raises the alert. Every rule is {@link
 * BreakGlassRules}'. Workflow code.
 */
final class BreakGlassReview {
  /** How long a review call waits to report the state it led to. */
  private static final Duration SETTLE_WAIT = Duration.ofSeconds(10);

  private final GrantRecord grant;
  private final GrantNotices notices;

  BreakGlassReview(GrantRecord grant, GrantNotices notices) {
    this.grant = grant;
    this.notices = notices;
  }

  /**
   * The review Update's validator: a review request for this grant, a short comment, and {@link
   * BreakGlassRules#checkReview} with the grant's own snapshot of reviewers. No Temporal command.
   */
  static void validate(GrantRecord grant, ReviewRequest request) {
    try {
      if (!grant.input.grantId().equals(request.grantId())) {
        throw Refusal.forbidden(
            "this request is for grant " + request.grantId() + ", not " + grant.input.grantId());
      }
      GrantLimits.requireShort(
          request.comment(), grant.input.limitsOrDefault().maxTextLength(), "comment");
      if (request.decision() == null || request.decision() == ReviewDecision.UNREVIEWED) {
        throw Refusal.badRequest("bad_decision", "decision must be confirm or revoke");
      }
      GrantFacts facts = grant.facts();
      BreakGlassRules.checkReview(
          facts,
          request.actor(),
          WorkflowTimers.now(),
          facts.breakGlass() == null ? Set.of() : facts.breakGlass().reviewers());
      if (grant.reviewBy == null) {
        throw Refusal.conflict("the grant is not active yet");
      }
    } catch (Refusal r) {
      throw RefusalFailures.toFailure(r);
    }
  }

  /**
   * A reviewer's decision, once its validator let it in: confirm runs on (and is published at
   * once), revoke ends the grant.
   */
  static GrantView review(GrantRecord grant, GrantPublication publication, ReviewRequest request) {
    grant.review =
        new Review(request.actor(), request.decision(), request.comment(), WorkflowTimers.now());
    String comment =
        request.comment() == null || request.comment().isBlank() ? "" : ": " + request.comment();
    grant.record(
        WorkflowTimers.now(),
        request.actor(),
        AuditActions.REVIEWED,
        request.decision().wire() + comment);
    if (BreakGlassRules.ends(request.decision())) {
      grant.revokeRequest =
          new RevokeRequest(
              request.actor(), "revoked on review" + comment, grant.input.grantId(), null);
      Workflow.await(SETTLE_WAIT, () -> !grant.status.isOpen());
    } else {
      publication.publish(grant);
    }
    return grant.view();
  }

  /** The requester broke glass: said on the timeline, in place of the approval. */
  void broke() {
    record(
        grant.input.requester().login(),
        AuditActions.BROKE_GLASS,
        "active without approval; to be reviewed within "
            + BreakGlassRules.window(grant.spec)
            + " by "
            + String.join(", ", GrantView.reviewersOf(grant.input))
            + ": "
            + grant.input.reason());
  }

  /**
   * The grant is active: its reviewers, approvers and admins are told, and the review timer starts
   * in a workflow thread of its own (the grant's wait for its end goes on meanwhile).
   */
  void awaitReview() {
    notices.breakGlass();
    Async.procedure(this::timer);
  }

  private void timer() {
    Duration left = Duration.between(WorkflowTimers.now(), grant.reviewBy);
    boolean fired =
        !left.isNegative()
            && WorkflowTimers.fired(
                left, () -> grant.review != null || grant.revokeRequest != null);
    if ((fired || left.isNegative()) && BreakGlassRules.revokeUnreviewed(grant.facts())) {
      String why = BreakGlassRules.unreviewedReason(grant.spec.breakGlass().reviewWithin());
      grant.review = new Review(TAILGRANT, ReviewDecision.UNREVIEWED, why, WorkflowTimers.now());
      record(TAILGRANT, AuditActions.UNREVIEWED, why + "; revoking it");
      notices.breakGlassUnreviewed(why);
      // Wakes the grant's wait: it removes the access and ends as revoked.
      grant.revokeRequest = new RevokeRequest(TAILGRANT, why, grant.input.grantId(), null);
    }
  }

  private void record(String actor, String action, String detail) {
    grant.record(WorkflowTimers.now(), actor, action, detail);
  }
}
