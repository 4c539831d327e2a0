package io.tailgrant.events;

/**
 * What one Tailscale event changed: grants ended, approvals withdrawn, steps that found nothing.
 */
public record TailnetEventReport(int revoked, int withdrawn, int unchanged) {}
