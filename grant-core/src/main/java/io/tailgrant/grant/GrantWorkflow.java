package io.tailgrant.grant;

import io.tailgrant.authkey.AuthKeyRequest;
import io.tailgrant.authkey.IssuedAuthKey;
import io.tailgrant.kubernetes.IssuedKubeconfig;
import io.tailgrant.kubernetes.KubeconfigRequest;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One grant's whole life, id {@code grant/<grantId>}: policy check, approval, activation, a durable
 * timer that revoke and extend can interrupt, deactivation. Decisions are Updates so the caller
 * learns at once whether they were accepted.
 */
@WorkflowInterface
public interface GrantWorkflow {

  @WorkflowMethod
  GrantView run(GrantInput input);

  @QueryMethod
  GrantView view();

  @UpdateMethod
  GrantView approve(Decision decision);

  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(Decision decision);

  @UpdateMethod
  GrantView deny(Decision decision);

  @UpdateValidatorMethod(updateName = "deny")
  void validateDeny(Decision decision);

  @UpdateMethod
  GrantView revoke(RevokeRequest request);

  @UpdateValidatorMethod(updateName = "revoke")
  void validateRevoke(RevokeRequest request);

  /**
   * Withdraws an approval of a pending grant because Tailscale removed the approver: it no longer
   * counts toward the quorum. Only a {@link SystemActor} may (see {@link GrantRules}).
   */
  /**
   * A reviewer confirms or revokes a break-glass grant within its review window (see {@link
   * BreakGlassRules}).
   */
  @UpdateMethod
  GrantView review(ReviewRequest request);

  @UpdateValidatorMethod(updateName = "review")
  void validateReview(ReviewRequest request);

  @UpdateMethod
  GrantView withdraw(Withdrawal withdrawal);

  @UpdateValidatorMethod(updateName = "withdraw")
  void validateWithdraw(Withdrawal withdrawal);

  @UpdateMethod
  GrantView extend(ExtendRequest request);

  @UpdateValidatorMethod(updateName = "extend")
  void validateExtend(ExtendRequest request);

  /**
   * Kubernetes grants: a kubeconfig with a fresh token ending with the grant, for the requester.
   */
  @UpdateMethod
  IssuedKubeconfig kubeconfig(KubeconfigRequest request);

  @UpdateValidatorMethod(updateName = "kubeconfig")
  void validateKubeconfig(KubeconfigRequest request);

  /**
   * Auth-key grants: the grant's auth key for its requester, once, sealed to the asking request's
   * one-time key.
   */
  @UpdateMethod
  IssuedAuthKey authKey(AuthKeyRequest request);

  @UpdateValidatorMethod(updateName = "authKey")
  void validateAuthKey(AuthKeyRequest request);
}
