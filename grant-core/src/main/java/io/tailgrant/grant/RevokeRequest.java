package io.tailgrant.grant;

/**
 * A request to end grant {@code grantId} early. {@code capability} is what the tailnet policy's app
 * capability gave the actor for this grant's type when the server read their WhoIs (null: nothing,
 * a Tailscale event, and in histories from before).
 */
public record RevokeRequest(
    String actor, String reason, String grantId, CapabilityRoles capability) {}
