package io.tailgrant.grant;

import io.tailgrant.authkey.AuthKeyRequest;
import io.tailgrant.authkey.IssuedAuthKey;
import io.tailgrant.kubernetes.IssuedKubeconfig;
import io.tailgrant.kubernetes.KubeconfigRequest;
import io.temporal.workflow.WorkflowInit;

/**
 * A grant's workflow: wires the parts and hands each call to the one that does it. The life itself
 * is {@link GrantLifecycle}'s; who may do what, {@link GrantRules}' (asked by {@link
 * GrantValidators}); what each Update does, {@link GrantUpdates}'; how access is given, the kind's
 * {@link AccessEnforcer}'s; what the grant looks like from outside, {@link GrantRecord}'s.
 */
public class GrantWorkflowImpl implements GrantWorkflow {
  private final GrantActivityStubs stubs = new GrantActivityStubs();
  private final ApprovalStage approval = new ApprovalStage();
  private final GrantRecord grant;
  private final AccessEnforcer access;
  private final GrantPublication publication;
  private final GrantValidators validators;
  private final GrantUpdates updates;

  @WorkflowInit
  public GrantWorkflowImpl(GrantInput input) {
    this.grant = new GrantRecord(input, WorkflowTimers.now());
    this.access =
        AccessEnforcer.of(
            input,
            stubs,
            (action, detail) ->
                grant.record(WorkflowTimers.now(), GrantLifecycle.TAILGRANT, action, detail));
    this.publication = new GrantPublication(stubs);
    this.validators = new GrantValidators(grant, approval);
    this.updates = new GrantUpdates(grant, approval, access, publication);
  }

  @Override
  public GrantView run(GrantInput ignored) {
    // Asked once, first thing: a getVersion call can let a waiting Update handler run, which
    // must not happen between a status change and its publication.
    GrantVersions versions = GrantVersions.ask(grant.input);
    publication.auditActivity(versions.auditActivity());
    publication.ticketAttribute(versions.ticketSearchAttribute());
    publication.breakGlassAttribute(versions.breakGlass());
    validators.allowWithdrawals(versions.withdrawals());
    validators.allowShortening(versions.approverDuration());
    approval.awaitCancellation(versions.approvalCancelAwaited());
    GrantNotices notices =
        new GrantNotices(
            grant,
            versions.notifications() ? grant.spec.notifyPlan() : null,
            stubs.notifier,
            publication);
    notices.auditPerEvent(versions.notifyAuditPerEvent());
    return new GrantLifecycle(grant, access, approval, publication, notices, stubs.rules, versions)
        .run();
  }

  // ---- Updates: each validator asks GrantRules; a refusal never enters history ---------------

  @Override
  public void validateApprove(Decision decision) {
    validators.decision(GrantAction.APPROVE, decision);
  }

  @Override
  public GrantView approve(Decision decision) {
    return updates.approve(decision);
  }

  @Override
  public void validateDeny(Decision decision) {
    validators.decision(GrantAction.DENY, decision);
  }

  @Override
  public GrantView deny(Decision decision) {
    return updates.deny(decision);
  }

  @Override
  public void validateRevoke(RevokeRequest request) {
    validators.revoke(request);
  }

  @Override
  public GrantView revoke(RevokeRequest request) {
    return updates.revoke(request);
  }

  @Override
  public void validateWithdraw(Withdrawal withdrawal) {
    validators.withdraw(withdrawal);
  }

  @Override
  public GrantView withdraw(Withdrawal withdrawal) {
    return updates.withdraw(withdrawal);
  }

  @Override
  public void validateExtend(ExtendRequest request) {
    validators.extend(request);
  }

  @Override
  public GrantView extend(ExtendRequest request) {
    return updates.extend(request);
  }

  @Override
  public void validateKubeconfig(KubeconfigRequest request) {
    validators.kubeconfig(request);
  }

  @Override
  public IssuedKubeconfig kubeconfig(KubeconfigRequest request) {
    return updates.kubeconfig(request);
  }

  @Override
  public void validateAuthKey(AuthKeyRequest request) {
    validators.authKey(request);
  }

  @Override
  public IssuedAuthKey authKey(AuthKeyRequest request) {
    return updates.authKey(request);
  }

  @Override
  public void validateReview(ReviewRequest request) {
    BreakGlassReview.validate(grant, request);
  }

  @Override
  public GrantView review(ReviewRequest request) {
    return BreakGlassReview.review(grant, publication, request);
  }

  @Override
  public GrantView view() {
    return grant.view();
  }
}
