package io.tailgrant.approval;

import java.time.Duration;
import java.util.Set;

/** Who must decide and how long they have. */
public record ApprovalInput(
    String grantId,
    String requester,
    Set<String> approvers,
    int approvalsRequired,
    Duration timeout) {}
