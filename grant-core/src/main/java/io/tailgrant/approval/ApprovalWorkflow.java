package io.tailgrant.approval;

import io.tailgrant.grant.Withdrawal;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Child of a grant, id {@code approval/<grantId>}: collects approver decisions until the quorum is
 * reached or someone denies; no decision within the timeout means denied.
 */
@WorkflowInterface
public interface ApprovalWorkflow {

  @WorkflowMethod
  ApprovalResult run(ApprovalInput input);

  @SignalMethod
  void decide(ApprovalDecision decision);

  /** An approval that no longer counts (Tailscale removed the approver): it leaves the count. */
  @SignalMethod
  void withdraw(Withdrawal withdrawal);
}
