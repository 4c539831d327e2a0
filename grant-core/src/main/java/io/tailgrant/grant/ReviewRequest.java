package io.tailgrant.grant;

/**
 * A reviewer's confirm or revoke of break-glass grant {@code grantId}, with an optional comment. A
 * request copied from another grant's history is refused.
 */
public record ReviewRequest(
    String actor, ReviewDecision decision, String comment, String grantId) {}
