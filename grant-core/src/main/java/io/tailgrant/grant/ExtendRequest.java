package io.tailgrant.grant;

import java.time.Duration;

/**
 * A request to push grant {@code grantId}'s end later by {@code by}, clamped to the type's maximum.
 */
public record ExtendRequest(String actor, Duration by, String grantId) {}
