package io.tailgrant.grant;

import java.time.Instant;

/** A break-glass grant's review once done: who decided what, when, and their comment. */
public record Review(String actor, ReviewDecision decision, String comment, Instant at) {}
