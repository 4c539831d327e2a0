package io.tailgrant.approval;

import java.time.Duration;
import java.util.Set;

/**
 * Who must decide and how long they have. {@code capabilityVotes}: votes of approvers by the
 * tailnet policy's capability count too (the grant accepts capability roles; false in histories
 * from before).
 */
public record ApprovalInput(
    String grantId,
    String requester,
    Set<String> approvers,
    int approvalsRequired,
    Duration timeout,
    boolean capabilityVotes) {}
