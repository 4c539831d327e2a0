package io.tailgrant.approval;

import io.tailgrant.grant.QuorumStage;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Who must decide and how long they have. {@code stages}: the stages of a staged approval (empty
 * for N of M, and in histories recorded before stages).
 */
public record ApprovalInput(
    String grantId,
    String requester,
    Set<String> approvers,
    int approvalsRequired,
    Duration timeout,
    List<QuorumStage> stages) {

  /** An approval by N of M, without stages. */
  public ApprovalInput(
      String grantId,
      String requester,
      Set<String> approvers,
      int approvalsRequired,
      Duration timeout) {
    this(grantId, requester, approvers, approvalsRequired, timeout, null);
  }
}
