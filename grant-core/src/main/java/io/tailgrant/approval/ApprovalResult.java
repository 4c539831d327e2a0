package io.tailgrant.approval;

import java.util.List;

/** How the approval ended and the decisions that ended it. */
public record ApprovalResult(Outcome outcome, List<ApprovalDecision> decisions) {

  /** Approved by quorum, denied by someone, or nobody decided in time. */
  public enum Outcome {
    APPROVED,
    DENIED,
    TIMED_OUT
  }
}
