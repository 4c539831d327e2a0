package io.tailgrant.grant;

/** A request to end grant {@code grantId} early. */
public record RevokeRequest(String actor, String reason, String grantId) {}
