package io.tailgrant.approval;

import io.tailgrant.grant.Approval;
import io.tailgrant.grant.Verdict;
import java.time.Instant;

/**
 * One approver's vote on grant {@code grantId} as the grant workflow signals it to its approval
 * workflow. The signal's wire shape ({@code approve} as a boolean) is kept for running histories;
 * in code it is an {@link Approval}. {@code byCapability}: the grant workflow accepted the voter as
 * an approver on the tailnet policy capability's word (false in histories from before).
 */
public record ApprovalDecision(
    String actor,
    boolean approve,
    String comment,
    Instant at,
    String grantId,
    boolean byCapability) {

  public Approval toApproval() {
    return new Approval(actor, approve ? Verdict.APPROVE : Verdict.DENY, comment, at, byCapability);
  }
}
