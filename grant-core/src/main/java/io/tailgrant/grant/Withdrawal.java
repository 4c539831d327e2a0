package io.tailgrant.grant;

/**
 * {@code actor} (a {@link SystemActor}) withdraws {@code approver}'s approval of pending grant
 * {@code grantId}, because Tailscale says the approver is gone ({@code reason}): the approval no
 * longer counts toward the quorum.
 */
public record Withdrawal(String actor, String approver, String reason, String grantId) {}
