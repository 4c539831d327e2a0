package io.tailgrant.approval;

import io.tailgrant.grant.Approval;
import io.tailgrant.grant.Verdict;
import java.time.Instant;

/**
 * One approver's vote on grant {@code grantId} as the grant workflow signals it to its approval
 * workflow. The signal's wire shape ({@code approve} as a boolean) is kept for running histories;
 * in code it is an {@link Approval}.
 */
public record ApprovalDecision(
    String actor, boolean approve, String comment, Instant at, String grantId) {

  public Approval toApproval() {
    return new Approval(actor, approve ? Verdict.APPROVE : Verdict.DENY, comment, at);
  }
}
