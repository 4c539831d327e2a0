package io.tailgrant.grant;

import static io.tailgrant.temporal.FailureMessages.rootMessage;

import io.tailgrant.approval.ApprovalDecision;
import io.tailgrant.approval.ApprovalInput;
import io.tailgrant.approval.ApprovalResult;
import io.tailgrant.approval.ApprovalWorkflow;
import io.tailgrant.audit.AuditEvent;
import io.tailgrant.audit.LogSafe;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.kubernetes.IssuedKubeconfig;
import io.tailgrant.kubernetes.KubeconfigRequest;
import io.tailgrant.temporal.TemporalNames;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
  private final GrantInput input;
  private final GrantSpec spec;
  private final GrantRecord grant;
  private final AccessEnforcer access;
  private boolean endMoved;
  private ApprovalWorkflow approvalChild;
  private Promise<Void> lastPublish;

  /**
   * Whether the audit trail is written by an activity of its own (version 1) or inside the
   * directory's publication (histories recorded before). Asked once, first thing: asking where a
   * status changes could let a waiting Update handler run before the publication is scheduled.
   */
  private boolean auditActivity;

  @WorkflowInit
  public GrantWorkflowImpl(GrantInput input) {
    this.input = input;
    this.spec = input.spec();
    this.grant = new GrantRecord(input, now());
    this.access = AccessEnforcer.of(input, stubs);
  }

  @Override
  public GrantView run(GrantInput ignored) {
    auditActivity =
        Workflow.getVersion("audit-activity", Workflow.DEFAULT_VERSION, 1)
            != Workflow.DEFAULT_VERSION;
    record(
        input.requester().login(),
        "requested",
        Durations.format(input.duration())
            + " on "
            + input.target().name()
            + (blank(input.reason()) ? "" : ": " + input.reason()));
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
    approvalChild =
        Workflow.newChildWorkflowStub(
            ApprovalWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(GrantIds.approvalWorkflowId(input.grantId()))
                .build());
    List<Promise<ApprovalResult>> result = new ArrayList<>(1);
    CancellationScope approvalScope =
        Workflow.newCancellationScope(
            () ->
                result.add(
                    Async.function(
                        approvalChild::run,
                        new ApprovalInput(
                            input.grantId(),
                            input.requester().login(),
                            spec.approvers(),
                            spec.approvalsRequired(),
                            spec.approvalTimeout()))));
    approvalScope.run();
    Workflow.await(() -> result.get(0).isCompleted() || grant.revokeRequest != null);
    if (!result.get(0).isCompleted()) {
      approvalScope.cancel();
      finish(GrantStatus.REVOKED, grant.revokeRequest.actor(), "revoked", "before approval");
      return false;
    }
    ApprovalResult outcome;
    try {
      outcome = result.get(0).get();
    } catch (CanceledFailure | ChildWorkflowFailure e) {
      grant.failure = "approval ended unexpectedly: " + rootMessage(e);
      finish(GrantStatus.DENIED, TAILGRANT, "denied", grant.failure);
      return false;
    }
    switch (outcome.outcome()) {
      case APPROVED -> {
        return true;
      }
      case DENIED -> {
        ApprovalDecision deny =
            outcome.decisions().stream().filter(d -> !d.approve()).findFirst().orElseThrow();
        finish(GrantStatus.DENIED, deny.actor(), "denied", deny.comment());
        return false;
      }
      default -> {
        finish(
            GrantStatus.DENIED,
            TAILGRANT,
            "approval timed out",
            "no decision within " + Durations.format(spec.approvalTimeout()));
        return false;
      }
    }
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
      access.release();
      grant.activatedAt = null;
      grant.expiresAt = null;
      finish(GrantStatus.FAILED, TAILGRANT, "failed", "whatever was added has been removed");
      return false;
    }
    record(TAILGRANT, "activated", "until " + grant.expiresAt);
    setStatus(GrantStatus.ACTIVE);
    return true;
  }

  private void holdUntilEnd() {
    while (grant.revokeRequest == null) {
      Duration left = Duration.between(now(), grant.expiresAt);
      if (left.isNegative() || left.isZero()) {
        return;
      }
      endMoved = false;
      Workflow.await(left, () -> grant.revokeRequest != null || endMoved);
    }
  }

  private GrantView deactivate() {
    setStatus(GrantStatus.DEACTIVATING);
    access.release();
    RevokeRequest revoke = grant.revokeRequest;
    if (revoke != null) {
      return finish(GrantStatus.REVOKED, revoke.actor(), "revoked", revoke.reason());
    }
    return finish(GrantStatus.EXPIRED, TAILGRANT, "expired", "access removed");
  }

  // ---- Updates: each validator asks GrantRules; a refusal never enters history ---------------

  @Override
  public void validateApprove(Decision decision) {
    validateDecision(GrantAction.APPROVE, decision);
  }

  @Override
  public GrantView approve(Decision decision) {
    grant.approvals.add(new Approval(decision.actor(), Verdict.APPROVE, decision.comment(), now()));
    record(decision.actor(), "approved", decision.comment());
    approvalChild.decide(
        new ApprovalDecision(decision.actor(), true, decision.comment(), now(), input.grantId()));
    Quorum quorum =
        new Quorum(spec.approvers(), input.requester().login(), spec.approvalsRequired());
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
    grant.approvals.add(new Approval(decision.actor(), Verdict.DENY, decision.comment(), now()));
    approvalChild.decide(
        new ApprovalDecision(decision.actor(), false, decision.comment(), now(), input.grantId()));
    Workflow.await(SETTLE_WAIT, () -> grant.status != GrantStatus.PENDING_APPROVAL);
    return grant.view();
  }

  private void validateDecision(GrantAction action, Decision decision) {
    guard(
        () -> {
          requireThisGrant(decision.grantId());
          requireShortText(decision.comment(), "comment");
          checkRules(action, decision.actor());
          if (approvalChild == null) {
            throw Refusal.conflict("approval has not started yet; try again");
          }
        });
  }

  @Override
  public void validateRevoke(RevokeRequest request) {
    guard(
        () -> {
          requireThisGrant(request.grantId());
          requireShortText(request.reason(), "reason");
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
  public void validateExtend(ExtendRequest request) {
    guard(
        () -> {
          requireThisGrant(request.grantId());
          GrantRules.extendedEnd(grant.facts(), request.actor(), request.by());
        });
  }

  @Override
  public GrantView extend(ExtendRequest request) {
    Instant newEnd;
    newEnd = GrantRules.extendedEnd(grant.facts(), request.actor(), request.by());
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
      publish();
    }
    return grant.view();
  }

  @Override
  public void validateKubeconfig(KubeconfigRequest request) {
    guard(
        () -> {
          requireThisGrant(request.grantId());
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
    publish();
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

  /** A request names the grant it is for: one copied from another grant's history is refused. */
  private void requireThisGrant(String grantId) {
    if (!input.grantId().equals(grantId)) {
      throw Refusal.forbidden("this request is for grant " + grantId + ", not " + input.grantId());
    }
  }

  private void requireShortText(String text, String field) {
    int max = input.limitsOrDefault().maxTextLength();
    if (text != null && text.length() > max) {
      throw Refusal.badRequest(
          field + "_too_long", "a " + field + " is at most " + max + " characters");
    }
  }

  private static void guard(Runnable check) {
    try {
      check.run();
    } catch (Refusal r) {
      throw RefusalFailures.toFailure(r);
    }
  }

  private GrantView finish(GrantStatus end, String actor, String action, String detail) {
    grant.endedAt = now();
    record(actor, action, detail);
    setStatus(end);
    // A workflow that completes abandons its pending activities: make sure lists learn the end.
    lastPublish.get();
    return grant.view();
  }

  private void setStatus(GrantStatus next) {
    grant.status = next;
    Workflow.upsertTypedSearchAttributes(
        TemporalNames.REQUESTER.valueSet(input.requester().login()),
        TemporalNames.GRANT_TYPE.valueSet(spec.name()),
        TemporalNames.TARGET.valueSet(input.target().name()),
        TemporalNames.STATUS.valueSet(next.wire()));
    publish();
  }

  /**
   * Tells the directory, and the audit trail, without waiting: lists may lag, the grant never does.
   */
  private void publish() {
    grant.version++;
    List<AuditEvent> events = grant.takeUnpublishedEvents();
    GrantSummary summary = grant.summary();
    if (!auditActivity) {
      lastPublish = Async.procedure(stubs.directory::publish, summary, events);
      return;
    }
    Promise<Void> listed = Async.procedure(stubs.directory::publish, summary, List.of());
    lastPublish =
        events.isEmpty()
            ? listed
            : Promise.allOf(listed, Async.procedure(stubs.audit::record, events));
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
