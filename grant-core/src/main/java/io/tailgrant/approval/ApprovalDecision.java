package io.tailgrant.approval;

import java.time.Instant;

/** One approver's vote on grant {@code grantId} as the grant workflow forwards it. */
public record ApprovalDecision(
    String actor, boolean approve, String comment, Instant at, String grantId) {}
