package io.tailgrant.grant;

import java.time.Instant;

/** One entry of a grant's timeline; {@code grantId + "/" + seq} is its stable id. */
public record TimelineEvent(int seq, Instant at, String actor, String action, String detail) {}
