package io.tailgrant.grant;

import static io.tailgrant.grant.GrantLifecycle.TAILGRANT;
import static io.tailgrant.temporal.FailureMessages.rootMessage;

import io.tailgrant.authkey.AuthKeyRequest;
import io.tailgrant.authkey.IssuedAuthKey;
import io.tailgrant.kubernetes.IssuedKubeconfig;
import io.tailgrant.kubernetes.KubeconfigRequest;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;

/**
 * What each Update does to a grant once {@link GrantValidators} let it in: votes go to the approval
 * workflow, a revocation or an extension wakes {@link GrantLifecycle}'s wait, credentials are
 * minted by the kind's {@link AccessEnforcer}. Workflow code.
 */
final class GrantUpdates {
  /** How long an approve or revoke call waits to report the state it led to. */
  private static final Duration SETTLE_WAIT = Duration.ofSeconds(10);

  private final GrantInput input;
  private final GrantSpec spec;
  private final GrantRecord grant;
  private final ApprovalStage approval;
  private final AccessEnforcer access;
  private final GrantPublication publication;

  GrantUpdates(
      GrantRecord grant,
      ApprovalStage approval,
      AccessEnforcer access,
      GrantPublication publication) {
    this.input = grant.input;
    this.spec = grant.spec;
    this.grant = grant;
    this.approval = approval;
    this.access = access;
    this.publication = publication;
  }

  GrantView approve(Decision decision) {
    Approval vote = decision.vote(Verdict.APPROVE, WorkflowTimers.now(), spec);
    grant.approvals.add(vote);
    record(decision.actor(), "approved", approvedDetail(vote));
    approval.forward(vote, input.grantId());
    if (vote.byCapability()) {
      publication.publish(grant); // lists learn who approved by capability (an offboarding ends it)
    }
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

  GrantView deny(Decision decision) {
    Approval vote = decision.vote(Verdict.DENY, WorkflowTimers.now(), spec);
    grant.approvals.add(vote);
    approval.forward(vote, input.grantId());
    Workflow.await(SETTLE_WAIT, () -> grant.status != GrantStatus.PENDING_APPROVAL);
    return grant.view();
  }

  GrantView revoke(RevokeRequest request) {
    grant.revokeRequest = request;
    record(request.actor(), "revoke requested", request.reason());
    Workflow.await(SETTLE_WAIT, () -> !grant.status.isOpen());
    return grant.view();
  }

  /**
   * The approval leaves the count, unless the approval workflow had reported the quorum complete
   * before the withdrawal reached it: then the grant goes ahead as approved, and the timeline says
   * so.
   */
  GrantView withdraw(Withdrawal withdrawal) {
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

  GrantView extend(ExtendRequest request) {
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
      grant.endMoved = true;
      record(request.actor(), "extended", "from " + old + " to " + newEnd);
      publication.publish(grant);
    }
    return grant.view();
  }

  IssuedKubeconfig kubeconfig(KubeconfigRequest request) {
    grant.lastKubeconfigAt = WorkflowTimers.now();
    grant.kubeconfigsIssued++;
    IssuedKubeconfig issued = access.kubeconfig(request.recipientKey(), grant.expiresAt);
    record(request.actor(), "kubeconfig issued", "token valid until " + issued.tokenExpiresAt());
    publication.publish(grant);
    return issued;
  }

  IssuedAuthKey authKey(AuthKeyRequest request) {
    // Asked again: another request may have taken the key since this one was validated.
    try {
      GrantValidators.checkRules(grant, GrantAction.AUTH_KEY, request.actor(), null);
    } catch (Refusal r) {
      throw RefusalFailures.toHandlerFailure(r);
    }
    grant.authKeyIssuedAt = WorkflowTimers.now();
    IssuedAuthKey issued;
    try {
      issued = access.authKey(request.recipientKey(), grant.expiresAt);
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

  /** An approval's timeline detail: for how long, when shorter than asked, and the comment. */
  private String approvedDetail(Approval vote) {
    if (vote.duration() == null || vote.duration().compareTo(input.duration()) >= 0) {
      return vote.comment();
    }
    String shorter = ApprovedDuration.phrase(input.duration(), vote.duration());
    return vote.comment() == null || vote.comment().isBlank()
        ? shorter
        : shorter + ": " + vote.comment();
  }

  private void record(String actor, String action, String detail) {
    grant.record(WorkflowTimers.now(), actor, action, detail);
  }
}
