package io.tailgrant.grant;

/** A request to end a grant early. */
public record RevokeRequest(String actor, String reason) {}
