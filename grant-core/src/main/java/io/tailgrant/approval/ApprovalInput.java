package io.tailgrant.approval;

import io.tailgrant.grant.QuorumStage;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Who must decide and how long they have. {@code capabilityVotes}: votes of approvers by the
 * tailnet policy's capability count too (the grant accepts capability roles; false in histories
 * from before). {@code stages}: the stages of a staged approval (empty for N of M, and in histories
 * recorded before stages).
 */
public record ApprovalInput(
    String grantId,
    String requester,
    Set<String> approvers,
    int approvalsRequired,
    Duration timeout,
    boolean capabilityVotes,
    List<QuorumStage> stages) {}
