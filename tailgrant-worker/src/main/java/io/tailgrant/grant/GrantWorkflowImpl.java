package io.tailgrant.grant;

import static io.tailgrant.grant.UpdateChecks.guard;
import static io.tailgrant.grant.UpdateChecks.requireShortText;
import static io.tailgrant.grant.UpdateChecks.requireThisGrant;
import static io.tailgrant.temporal.FailureMessages.rootMessage;

import io.tailgrant.audit.LogSafe;
import io.tailgrant.authkey.AuthKeyRequest;
import io.tailgrant.authkey.IssuedAuthKey;
import io.tailgrant.kubernetes.IssuedKubeconfig;
import io.tailgrant.kubernetes.KubeconfigRequest;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * A grant's life as one durable function: admission, approval, activation, a durable timer that
 * revoke and extend interrupt through Updates, and removal that retries until it succeeds. Who may
 * do what is {@link GrantRules}'; how access is given is the kind's {@link AccessEnforcer}; what
 * the grant looks like from outside is {@link GrantRecord}'s.
 */
public class GrantWorkflowImpl implements GrantWorkflow {
  private static final Logger log = Workflow.getLogger(GrantWorkflowImpl.class);

  /** How long an approve or revoke call waits to report the state it led to. */
  private static final Duration SETTLE_WAIT = Duration.ofSeconds(10);

  private static final String TAILGRANT = "tailgrant";

  private final GrantActivityStubs stubs = new GrantActivityStubs();
  private final ApprovalStage approval = new ApprovalStage();
  private final GrantInput input;
  private final GrantSpec spec;
  private final GrantRecord grant;
  private final AccessEnforcer access;
  private GrantPublication publication;
  private GrantNotices notices;
  private boolean releaseHeadStart;
  private boolean endMoved;

  /** Version 1 of "withdraw-approvals": a Tailscale event may withdraw an approval. */
  private boolean withdrawals;

  /**
   * Version 1 of "event-denies-pending": a pending grant a Tailscale event ends is denied ({@link
   * GrantRules#endedBeforeApproval}); histories recorded before ended it revoked.
   */
  private boolean eventDeniesPending;

  @WorkflowInit
  public GrantWorkflowImpl(GrantInput input) {
    this.input = input;
    this.spec = input.spec();
    this.grant = new GrantRecord(input, now());
    this.access =
        AccessEnforcer.of(input, stubs, (action, detail) -> record(TAILGRANT, action, detail));
  }

  @Override
  public GrantView run(GrantInput ignored) {
    // Asked once, first thing: a getVersion call can let a waiting Update handler run, which
    // must not happen between a status change and its publication.
    boolean auditActivity =
        Workflow.getVersion("audit-activity", Workflow.DEFAULT_VERSION, 1)
            != Workflow.DEFAULT_VERSION;
    publication = new GrantPublication(stubs, auditActivity);
    releaseHeadStart =
        Workflow.getVersion("release-head-start", Workflow.DEFAULT_VERSION, 1)
            != Workflow.DEFAULT_VERSION;
    withdrawals =
        Workflow.getVersion("withdraw-approvals", Workflow.DEFAULT_VERSION, 1)
            != Workflow.DEFAULT_VERSION;
    approval.awaitCancellation(
        Workflow.getVersion("approval-cancel-awaited", Workflow.DEFAULT_VERSION, 1)
            != Workflow.DEFAULT_VERSION);
    eventDeniesPending =
        Workflow.getVersion("event-denies-pending", Workflow.DEFAULT_VERSION, 1)
            != Workflow.DEFAULT_VERSION;
    // Only a grant whose snapshot plans notifications asks (histories from before have no plan).
    boolean notify =
        spec.notifyPlan() != null
            && auditActivity
            && Workflow.getVersion("notifications", Workflow.DEFAULT_VERSION, 1) == 1;
    notices =
        new GrantNotices(grant, notify ? spec.notifyPlan() : null, stubs.notifier, publication);
    String on = Durations.format(input.duration()) + " on " + input.target().name();
    record(
        input.requester().login(),
        "requested",
        on + (blank(input.reason()) ? "" : ": " + input.reason()));
    try {
      GrantAdmission.admit(input, stubs.rules);
      Policy.checkMayRequest(spec, input.requester());
      Policy.checkDuration(spec, input.duration());
      Policy.checkReason(spec, input.reason());
      Policy.checkTarget(spec, input.requester(), input.target());
    } catch (Refusal r) {
      grant.failure = r.getMessage();
      return finish(GrantStatus.FAILED, TAILGRANT, "refused", r.getMessage());
    }
    if (spec.risk().needsApproval()) {
      if (!awaitApproval()) {
        return grant.view();
      }
    } else {
      record(TAILGRANT, "auto-approved", "risk " + spec.risk().wire());
    }
    if (grant.revokeRequest != null) {
      return finish(
          GrantStatus.REVOKED, grant.revokeRequest.actor(), "revoked", "before activation");
    }
    if (!activate()) {
      return grant.view();
    }
    holdUntilEnd();
    return deactivate();
  }

  /** True when approved; otherwise the grant is already finished as denied or revoked. */
  private boolean awaitApproval() {
    setStatus(GrantStatus.PENDING_APPROVAL);
    notices.requestWaiting();
    ApprovalStage.Outcome outcome =
        approval.await(
            input,
            () -> grant.revokeRequest != null,
            notices.approvalReminderAfter(),
            notices::approvalReminder);
    switch (outcome.kind()) {
      case APPROVED -> {
        notices.approved();
        return true;
      }
      case REVOKED -> {
        RevokeRequest revoke = grant.revokeRequest;
        GrantStatus end =
            eventDeniesPending
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
      case TIMED_OUT ->
          finish(
              GrantStatus.DENIED,
              TAILGRANT,
              "approval timed out",
              "no decision within " + Durations.format(spec.approvalTimeout()));
    }
    return false;
  }

  /**
   * Applies the grant's access; true when active, otherwise finished as failed (and cleaned up).
   */
  private boolean activate() {
    grant.activatedAt = now();
    grant.expiresAt = grant.activatedAt.plus(input.duration());
    setStatus(GrantStatus.ACTIVATING);
    try {
      access.apply(grant.expiresAt);
    } catch (ActivityFailure e) {
      grant.failure = rootMessage(e);
      log.warn("grant {} activation failed: {}", input.grantId(), LogSafe.quote(grant.failure));
      record(TAILGRANT, "activation failed", grant.failure);
      access.release(releaseHeadStart);
      grant.activatedAt = null;
      grant.expiresAt = null;
      finish(GrantStatus.FAILED, TAILGRANT, "failed", "whatever was added has been removed");
      return false;
    }
    record(TAILGRANT, "activated", "until " + grant.expiresAt);
    setStatus(GrantStatus.ACTIVE);
    notices.active();
    return true;
  }

  private void holdUntilEnd() {
    while (grant.revokeRequest == null) {
      Duration left = Duration.between(now(), grant.expiresAt);
      if (left.isNegative() || left.isZero()) {
        return;
      }
      endMoved = false;
      Instant remindAt = notices.expiryReminderAt();
      if (remindAt != null && remindAt.isAfter(now())) {
        // The reminder's own timer, cancelled by a revoke or an extension (which sets a new one).
        if (WorkflowTimers.fired(
            Duration.between(now(), remindAt), () -> grant.revokeRequest != null || endMoved)) {
          notices.expiryReminder();
        }
        continue;
      }
      Workflow.await(left, () -> grant.revokeRequest != null || endMoved);
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
      access.release(releaseHeadStart);
      return;
    }
    Promise<Void> released = Async.procedure(() -> access.release(releaseHeadStart));
    if (WorkflowTimers.fired(alertAfter, released::isCompleted)) {
      notices.removalStuck();
    }
    released.get();
  }

  // ---- Updates: each validator asks GrantRules; a refusal never enters history ---------------

  @Override
  public void validateApprove(Decision decision) {
    validateDecision(GrantAction.APPROVE, decision);
  }

  @Override
  public GrantView approve(Decision decision) {
    Approval vote = new Approval(decision.actor(), Verdict.APPROVE, decision.comment(), now());
    grant.approvals.add(vote);
    record(decision.actor(), "approved", decision.comment());
    approval.forward(vote, input.grantId());
    Quorum quorum = Quorum.of(spec, input.requester().login());
    if (quorum.outcome(grant.approvals) == Quorum.Outcome.APPROVED) {
      Workflow.await(
          SETTLE_WAIT,
          () ->
              grant.status != GrantStatus.PENDING_APPROVAL
                  && grant.status != GrantStatus.ACTIVATING);
    }
    return grant.view();
  }

  @Override
  public void validateDeny(Decision decision) {
    validateDecision(GrantAction.DENY, decision);
  }

  @Override
  public GrantView deny(Decision decision) {
    Approval vote = new Approval(decision.actor(), Verdict.DENY, decision.comment(), now());
    grant.approvals.add(vote);
    approval.forward(vote, input.grantId());
    Workflow.await(SETTLE_WAIT, () -> grant.status != GrantStatus.PENDING_APPROVAL);
    return grant.view();
  }

  private void validateDecision(GrantAction action, Decision decision) {
    guard(
        () -> {
          requireThisGrant(input, decision.grantId());
          requireShortText(input, decision.comment(), "comment");
          checkRules(action, decision.actor());
          if (!approval.started()) {
            throw Refusal.conflict("approval has not started yet; try again");
          }
        });
  }

  @Override
  public void validateRevoke(RevokeRequest request) {
    guard(
        () -> {
          requireThisGrant(input, request.grantId());
          // A Tailscale event's reason is TailGrant's own, bounded by TailnetEventRules.
          if (!SystemActor.is(request.actor())) {
            requireShortText(input, request.reason(), "reason");
          }
          checkRules(GrantAction.REVOKE, request.actor());
        });
  }

  @Override
  public GrantView revoke(RevokeRequest request) {
    grant.revokeRequest = request;
    record(request.actor(), "revoke requested", request.reason());
    Workflow.await(SETTLE_WAIT, () -> !grant.status.isOpen());
    return grant.view();
  }

  @Override
  public void validateWithdraw(Withdrawal withdrawal) {
    guard(
        () -> {
          requireThisGrant(input, withdrawal.grantId());
          if (!withdrawals) {
            throw Refusal.conflict("this grant started before approvals could be withdrawn");
          }
          GrantRules.checkWithdraw(grant.facts(), withdrawal);
          if (!approval.waiting()) {
            throw Refusal.conflict("approval has not started yet or is over");
          }
        });
  }

  /**
   * The approval leaves the count, unless the approval workflow had reported the quorum complete
   * before the withdrawal reached it: then the grant goes ahead as approved, and the timeline says
   * so.
   */
  @Override
  public GrantView withdraw(Withdrawal withdrawal) {
    if (approval.withdraw(withdrawal)) {
      grant.approvals.removeIf(
          a -> a.verdict() == Verdict.APPROVE && a.actor().equals(withdrawal.approver()));
      record(
          withdrawal.actor(),
          "approval withdrawn",
          withdrawal.approver() + "'s approval: " + withdrawal.reason());
    } else {
      record(
          withdrawal.actor(),
          "approval stands",
          withdrawal.approver()
              + "'s approval had completed the quorum before the withdrawal: "
              + withdrawal.reason());
    }
    publication.publish(grant);
    return grant.view();
  }

  @Override
  public void validateExtend(ExtendRequest request) {
    guard(
        () -> {
          requireThisGrant(input, request.grantId());
          GrantRules.extendedEnd(grant.facts(), request.actor(), request.by());
        });
  }

  @Override
  public GrantView extend(ExtendRequest request) {
    Instant newEnd = GrantRules.extendedEnd(grant.facts(), request.actor(), request.by());
    try {
      access.extend(newEnd);
    } catch (ActivityFailure e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "extension failed: " + rootMessage(e), "ExtendFailed");
    }
    if (grant.status == GrantStatus.ACTIVE && grant.revokeRequest == null) {
      Instant old = grant.expiresAt;
      grant.expiresAt = newEnd;
      endMoved = true;
      record(request.actor(), "extended", "from " + old + " to " + newEnd);
      publication.publish(grant);
    }
    return grant.view();
  }

  @Override
  public void validateKubeconfig(KubeconfigRequest request) {
    guard(
        () -> {
          requireThisGrant(input, request.grantId());
          if (request.recipientKey() == null || request.recipientKey().isBlank()) {
            throw Refusal.badRequest(
                "no_recipient_key",
                "a kubeconfig is sealed to the asking server's key: none was sent");
          }
          checkRules(GrantAction.KUBECONFIG, request.actor());
        });
  }

  @Override
  public IssuedKubeconfig kubeconfig(KubeconfigRequest request) {
    grant.lastKubeconfigAt = now();
    grant.kubeconfigsIssued++;
    IssuedKubeconfig issued =
        stubs.mintKubernetes.mintKubeconfig(
            input.target().name(), input.grantId(), grant.expiresAt, request.recipientKey());
    record(request.actor(), "kubeconfig issued", "token valid until " + issued.tokenExpiresAt());
    publication.publish(grant);
    return issued;
  }

  @Override
  public void validateAuthKey(AuthKeyRequest request) {
    guard(
        () -> {
          requireThisGrant(input, request.grantId());
          if (request.recipientKey() == null || request.recipientKey().isBlank()) {
            throw Refusal.badRequest(
                "no_recipient_key",
                "an auth key is sealed to the asking server's key: none was sent");
          }
          checkRules(GrantAction.AUTH_KEY, request.actor());
        });
  }

  @Override
  public IssuedAuthKey authKey(AuthKeyRequest request) {
    // Asked again: another request may have taken the key since this one was validated.
    try {
      checkRules(GrantAction.AUTH_KEY, request.actor());
    } catch (Refusal r) {
      throw RefusalFailures.toHandlerFailure(r);
    }
    grant.authKeyIssuedAt = now();
    IssuedAuthKey issued;
    try {
      issued = ((AuthKeyAccessEnforcer) access).issue(request.recipientKey(), grant.expiresAt);
    } catch (ActivityFailure e) {
      grant.authKeyIssuedAt = null;
      String why = rootMessage(e);
      record(TAILGRANT, "auth key not issued", why);
      publication.publish(grant);
      throw RefusalFailures.toHandlerFailure(
          new Refusal(
              Refusal.Kind.CONFLICT, "auth_key_failed", "minting the auth key failed: " + why));
    }
    record(
        request.actor(),
        "auth key issued",
        "key " + issued.keyId() + ", valid until " + issued.expiresAt() + "; shown once");
    publication.publish(grant);
    return issued;
  }

  @Override
  public GrantView view() {
    return grant.view();
  }

  // ---- Helpers -------------------------------------------------------------------------------

  /** Inside the workflow, the grant's own snapshot is the authority (it cannot read config). */
  private void checkRules(GrantAction action, String actor) {
    GrantFacts facts = grant.facts();
    GrantRules.check(action, facts, actor, now(), Authority.snapshot(facts));
  }

  private GrantView finish(GrantStatus end, String actor, String action, String detail) {
    grant.endedAt = now();
    record(actor, action, detail);
    setStatus(end);
    notices.ended(end, actor, detail);
    notices.awaitAll();
    publication.awaitLast();
    return grant.view();
  }

  private void setStatus(GrantStatus next) {
    grant.status = next;
    publication.statusChanged(grant);
  }

  private void record(String actor, String action, String detail) {
    grant.record(now(), actor, action, detail);
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
