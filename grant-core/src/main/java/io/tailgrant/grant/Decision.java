package io.tailgrant.grant;

/**
 * An approver's approve or deny, with an optional comment. {@code grantId} names the grant it is
 * for: a sealed decision copied from one grant's history is refused by every other grant.
 */
public record Decision(String actor, String comment, String grantId) {}
