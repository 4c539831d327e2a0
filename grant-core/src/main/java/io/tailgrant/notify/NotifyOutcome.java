package io.tailgrant.notify;

import java.time.Instant;

/**
 * How one notification ended: delivered, or failed for good (after its retries, or at once when no
 * retry can help). {@code detail} is short and never holds a URL's path, a token or a password.
 */
public record NotifyOutcome(String channel, boolean delivered, String detail, Instant at) {}
