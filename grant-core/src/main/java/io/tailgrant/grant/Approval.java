package io.tailgrant.grant;

import java.time.Instant;

/** One recorded approver decision: {@code decision} is {@code approve} or {@code deny}. */
public record Approval(String actor, String decision, String comment, Instant at) {}
