package io.tailgrant.grant;

import io.tailgrant.authkey.AuthKeyRequest;
import io.tailgrant.kubernetes.KubeconfigRequest;

/**
 * Every Update's validator: the request names this grant (one copied from another grant's history
 * is refused), its free text is within the limit, and {@link GrantRules} allows it, asked with the
 * grant's own snapshot as authority (a workflow cannot read config). A refusal travels back to the
 * caller with its kind and code and never enters history. No Temporal command in here.
 */
final class GrantValidators {
  private final GrantInput input;
  private final GrantRecord grant;
  private final ApprovalStage approval;
  private boolean withdrawals;
  private boolean shortening;

  GrantValidators(GrantRecord grant, ApprovalStage approval) {
    this.input = grant.input;
    this.grant = grant;
    this.approval = approval;
  }

  /**
   * Version 1 of "withdraw-approvals": a Tailscale event may withdraw an approval (off until the
   * run has asked).
   */
  void allowWithdrawals(boolean withdrawals) {
    this.withdrawals = withdrawals;
  }

  /**
   * Version 1 of "approver-duration": an approver may approve for less time than was asked (off
   * until the run has asked).
   */
  void allowShortening(boolean shortening) {
    this.shortening = shortening;
  }

  /** Approve and deny, as {@code action} says; an approval may be for less time than asked. */
  void decision(GrantAction action, Decision decision) {
    guard(
        () -> {
          requireThisGrant(decision.grantId());
          requireShortText(decision.comment(), "comment");
          checkRules(grant, action, decision.actor(), decision.capability());
          if (decision.duration() != null) {
            if (action != GrantAction.APPROVE) {
              throw Refusal.badRequest("bad_duration", "a deny takes no duration");
            }
            if (!shortening) {
              throw Refusal.conflict(
                  "this grant started before approvers could shorten grants; approve it as asked");
            }
            ApprovedDuration.check(input.duration(), grant.spec.minDuration(), decision.duration());
          }
          if (!approval.started()) {
            throw Refusal.conflict("approval has not started yet; try again");
          }
        });
  }

  void revoke(RevokeRequest request) {
    guard(
        () -> {
          requireThisGrant(request.grantId());
          // A Tailscale event's reason is TailGrant's own, bounded by TailnetEventRules.
          if (!SystemActor.is(request.actor())) {
            requireShortText(request.reason(), "reason");
          }
          checkRules(grant, GrantAction.REVOKE, request.actor(), request.capability());
        });
  }

  void withdraw(Withdrawal withdrawal) {
    guard(
        () -> {
          requireThisGrant(withdrawal.grantId());
          if (!withdrawals) {
            throw Refusal.conflict("this grant started before approvals could be withdrawn");
          }
          GrantRules.checkWithdraw(grant.facts(), withdrawal);
          if (!approval.waiting()) {
            throw Refusal.conflict("approval has not started yet or is over");
          }
        });
  }

  void extend(ExtendRequest request) {
    guard(
        () -> {
          requireThisGrant(request.grantId());
          GrantRules.extendedEnd(grant.facts(), request.actor(), request.by());
        });
  }

  void kubeconfig(KubeconfigRequest request) {
    credential(
        GrantAction.KUBECONFIG,
        request.grantId(),
        request.actor(),
        request.recipientKey(),
        "a kubeconfig");
  }

  void authKey(AuthKeyRequest request) {
    credential(
        GrantAction.AUTH_KEY,
        request.grantId(),
        request.actor(),
        request.recipientKey(),
        "an auth key");
  }

  /** A credential is sealed to a key of the asking request: one must be sent. */
  private void credential(
      GrantAction action, String grantId, String actor, String recipientKey, String what) {
    guard(
        () -> {
          requireThisGrant(grantId);
          if (recipientKey == null || recipientKey.isBlank()) {
            throw Refusal.badRequest(
                "no_recipient_key", what + " is sealed to the asking server's key: none was sent");
          }
          checkRules(grant, action, actor, null);
        });
  }

  /**
   * Inside the workflow, the grant's own snapshot is the authority (it cannot read config), with
   * the server's word of what the tailnet policy's capability gives {@code actor} ({@code
   * capability}, null: nothing): it counts if the snapshot accepts capability roles.
   */
  static void checkRules(
      GrantRecord grant, GrantAction action, String actor, CapabilityRoles capability) {
    GrantFacts facts = grant.facts();
    GrantRules.check(
        action,
        facts,
        actor,
        WorkflowTimers.now(),
        Authority.snapshot(facts).withCapability(actor, capability, grant.spec.name()));
  }

  /** Runs {@code check}, turning a refusal into the failure a validator must throw. */
  private static void guard(Runnable check) {
    try {
      check.run();
    } catch (Refusal r) {
      throw RefusalFailures.toFailure(r);
    }
  }

  private void requireThisGrant(String grantId) {
    if (!input.grantId().equals(grantId)) {
      throw Refusal.forbidden("this request is for grant " + grantId + ", not " + input.grantId());
    }
  }

  private void requireShortText(String text, String field) {
    GrantLimits.requireShort(text, input.limitsOrDefault().maxTextLength(), field);
  }
}
