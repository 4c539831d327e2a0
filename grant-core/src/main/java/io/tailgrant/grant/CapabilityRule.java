package io.tailgrant.grant;

import java.time.Duration;

/**
 * One TKA-style app capability entry from WhoIs {@code CapMap}: a ClusterRole for a period, with a
 * priority.
 */
public record CapabilityRule(String role, Duration period, int priority) {}
