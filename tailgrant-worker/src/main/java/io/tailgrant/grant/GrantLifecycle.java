package io.tailgrant.grant;

import static io.tailgrant.temporal.FailureMessages.rootMessage;

import io.tailgrant.audit.LogSafe;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * A grant's life, stage by stage: admission, approval, activation, a durable timer that revoke and
 * extend interrupt (through {@link GrantUpdates}), and removal that retries until it succeeds. The
 * same for every kind: how access is given is the kind's {@link AccessEnforcer}. Workflow code.
 */
final class GrantLifecycle {
  private static final Logger log = Workflow.getLogger(GrantLifecycle.class);
  static final String TAILGRANT = "tailgrant";

  private final GrantInput input;
  private final GrantSpec spec;
  private final GrantRecord grant;
  private final AccessEnforcer access;
  private final ApprovalStage approval;
  private final GrantPublication publication;
  private final GrantNotices notices;
  private final GrantRulesActivities rules;
  private final GrantVersions versions;
  private final BreakGlassReview breakGlass;

  GrantLifecycle(
      GrantRecord grant,
      AccessEnforcer access,
      ApprovalStage approval,
      GrantPublication publication,
      GrantNotices notices,
      GrantRulesActivities rules,
      GrantVersions versions) {
    this.input = grant.input;
    this.spec = grant.spec;
    this.grant = grant;
    this.access = access;
    this.approval = approval;
    this.publication = publication;
    this.notices = notices;
    this.rules = rules;
    this.versions = versions;
    this.breakGlass = new BreakGlassReview(grant, notices);
  }

  /** The whole life, from the request to the grant's end; returns how it ended. */
  GrantView run() {
    String on = Durations.format(input.duration()) + " on " + input.target().name();
    record(
        input.requester().login(),
        "requested",
        on
            + (blank(input.reason()) ? "" : ": " + input.reason())
            + (input.ticket() == null ? "" : " (ticket " + input.ticket() + ")"));
    try {
      GrantAdmission.admit(input, rules);
      Policy.checkMayRequest(spec, input.requester(), input.capability());
      Policy.checkDuration(spec, input.duration());
      Policy.checkReason(spec, input.reason());
      Policy.checkTicket(spec, input.ticket());
      Policy.checkTarget(spec, input.requester(), input.target());
      if (versions.breakGlass()) {
        BreakGlassRules.checkRequest(spec, input.requester(), input.reason());
        BreakGlassRules.checkStartsNow(input.startsAt());
      }
      if (versions.scheduledStart()) {
        ScheduledStart.check(
            spec.schedulingMaxLead(),
            input.startsAt(),
            input.requestedAt() != null ? input.requestedAt() : grant.requestedAt);
      }
    } catch (Refusal r) {
      grant.failure = r.getMessage();
      return finish(GrantStatus.FAILED, TAILGRANT, "refused", r.getMessage());
    }
    if (versions.breakGlass()) {
      breakGlass.broke();
    } else if (spec.risk().needsApproval()) {
      if (!awaitApproval()) {
        return grant.view();
      }
    } else {
      record(TAILGRANT, "auto-approved", "risk " + spec.risk().wire());
    }
    if (versions.scheduledStart() && !awaitStart()) {
      return grant.view();
    }
    if (versions.scheduledStart()
        && grant.revokeRequest == null
        && ScheduledStart.windowPassed(input.startsAt(), lastsFor(), WorkflowTimers.now())) {
      return finish(
          GrantStatus.EXPIRED, TAILGRANT, "expired", "its window passed before it could start");
    }
    if (grant.revokeRequest != null) {
      return finish(
          GrantStatus.REVOKED, grant.revokeRequest.actor(), "revoked", "before activation");
    }
    if (!activate()) {
      return grant.view();
    }
    if (versions.breakGlass()) {
      breakGlass.awaitReview();
    }
    holdUntilEnd();
    return deactivate();
  }

  /** True when approved; otherwise the grant is already finished as denied or revoked. */
  private boolean awaitApproval() {
    setStatus(GrantStatus.PENDING_APPROVAL);
    notices.requestWaiting();
    // A scheduled grant's approvers have until its start; unapproved then, it is denied.
    Duration timeout =
        versions.scheduledStart()
            ? ScheduledStart.approvalWindow(input.startsAt(), WorkflowTimers.now())
            : spec.approvalTimeout();
    ApprovalStage.Outcome outcome =
        approval.await(
            input,
            timeout,
            () -> grant.revokeRequest != null,
            notices.approvalReminderAfter(timeout),
            notices::approvalReminder);
    switch (outcome.kind()) {
      case APPROVED -> {
        notices.approved();
        return true;
      }
      case REVOKED -> {
        RevokeRequest revoke = grant.revokeRequest;
        GrantStatus end =
            versions.eventDeniesPending()
                ? GrantRules.endedBeforeApproval(revoke.actor())
                : GrantStatus.REVOKED;
        if (end == GrantStatus.DENIED) {
          finish(end, revoke.actor(), "denied", revoke.reason());
        } else {
          finish(end, revoke.actor(), "revoked", outcome.detail());
        }
      }
      case DENIED -> finish(GrantStatus.DENIED, outcome.actor(), "denied", outcome.detail());
      case BROKEN -> {
        grant.failure = outcome.detail();
        finish(GrantStatus.DENIED, TAILGRANT, "denied", outcome.detail());
      }
      case TIMED_OUT -> {
        if (versions.scheduledStart()) {
          finish(
              GrantStatus.DENIED,
              TAILGRANT,
              "denied",
              ScheduledStart.unapprovedAtStart(input.startsAt()));
        } else {
          finish(
              GrantStatus.DENIED,
              TAILGRANT,
              "approval timed out",
              "no decision within " + Durations.format(spec.approvalTimeout()));
        }
      }
    }
    return false;
  }

  /**
   * A scheduled grant, approved (or needing no approval), waits for its start on a durable timer;
   * true at the start, otherwise it was cancelled before its start and is finished (it never held
   * access, so nothing is removed).
   */
  private boolean awaitStart() {
    if (!ScheduledStart.waitsForStart(input.startsAt(), WorkflowTimers.now())
        || grant.revokeRequest != null) {
      return true; // the start has come, or the revoke below ends it as before
    }
    record(TAILGRANT, "scheduled", "access starts at " + input.startsAt());
    setStatus(GrantStatus.SCHEDULED); // publishes the event with the status, as activation does
    if (WorkflowTimers.fired(
        Duration.between(WorkflowTimers.now(), input.startsAt()),
        () -> grant.revokeRequest != null)) {
      return true;
    }
    RevokeRequest revoke = grant.revokeRequest;
    finish(ScheduledStart.endedBeforeStart(), revoke.actor(), "revoked", "before its start");
    return false;
  }

  /**
   * Applies the grant's access; true when active, otherwise finished as failed (and cleaned up).
   */
  private boolean activate() {
    grant.activatedAt = WorkflowTimers.now();
    // An approver may have approved it for less time than was asked; never for more.
    Duration lasts = lastsFor();
    grant.expiresAt =
        versions.scheduledStart()
            ? ScheduledStart.end(input.startsAt(), grant.activatedAt, lasts)
            : grant.activatedAt.plus(lasts);
    setStatus(GrantStatus.ACTIVATING);
    try {
      access.apply(grant.expiresAt);
    } catch (ActivityFailure e) {
      grant.failure = rootMessage(e);
      log.warn("grant {} activation failed: {}", input.grantId(), LogSafe.quote(grant.failure));
      record(TAILGRANT, "activation failed", grant.failure);
      access.release(versions.releaseHeadStart());
      grant.activatedAt = null;
      grant.expiresAt = null;
      finish(GrantStatus.FAILED, TAILGRANT, "failed", "whatever was added has been removed");
      return false;
    }
    if (versions.breakGlass()) {
      grant.reviewBy = BreakGlassRules.reviewBy(spec, grant.activatedAt);
    }
    record(TAILGRANT, "activated", "until " + grant.expiresAt);
    setStatus(GrantStatus.ACTIVE);
    notices.active();
    return true;
  }

  /** How long access lasts once it starts: as approved (with approver-duration) or as asked. */
  private Duration lastsFor() {
    return versions.approverDuration() ? grant.approvedDuration() : input.duration();
  }

  private void holdUntilEnd() {
    while (grant.revokeRequest == null) {
      Duration left = Duration.between(WorkflowTimers.now(), grant.expiresAt);
      if (left.isNegative() || left.isZero()) {
        return;
      }
      grant.endMoved = false;
      Instant remindAt = notices.expiryReminderAt();
      if (remindAt != null && remindAt.isAfter(WorkflowTimers.now())) {
        // The reminder's own timer, cancelled by a revoke or an extension (which sets a new one).
        if (WorkflowTimers.fired(
            Duration.between(WorkflowTimers.now(), remindAt),
            () -> grant.revokeRequest != null || grant.endMoved)) {
          notices.expiryReminder();
        }
        continue;
      }
      Workflow.await(left, () -> grant.revokeRequest != null || grant.endMoved);
    }
  }

  private GrantView deactivate() {
    setStatus(GrantStatus.DEACTIVATING);
    releaseWatched();
    RevokeRequest revoke = grant.revokeRequest;
    if (revoke != null) {
      return finish(GrantStatus.REVOKED, revoke.actor(), "revoked", revoke.reason());
    }
    return finish(GrantStatus.EXPIRED, TAILGRANT, "expired", "access removed");
  }

  /**
   * Removes the access; when that takes longer than the alert threshold, the admins hear of it
   * (removal itself goes on until it succeeds).
   */
  private void releaseWatched() {
    Duration alertAfter = notices.removalAlertAfter();
    if (alertAfter == null) {
      access.release(versions.releaseHeadStart());
      return;
    }
    Promise<Void> released = Async.procedure(() -> access.release(versions.releaseHeadStart()));
    if (WorkflowTimers.fired(alertAfter, released::isCompleted)) {
      notices.removalStuck();
    }
    released.get();
  }

  private GrantView finish(GrantStatus end, String actor, String action, String detail) {
    grant.endedAt = WorkflowTimers.now();
    record(actor, action, detail);
    setStatus(end);
    notices.ended(end, actor, detail);
    notices.awaitAll();
    publication.awaitLast();
    return grant.view();
  }

  private void setStatus(GrantStatus next) {
    grant.status = next;
    grant.statusSince = WorkflowTimers.now();
    publication.statusChanged(grant);
  }

  private void record(String actor, String action, String detail) {
    grant.record(WorkflowTimers.now(), actor, action, detail);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
