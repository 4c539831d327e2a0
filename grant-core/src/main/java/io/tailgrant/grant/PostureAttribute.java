package io.tailgrant.grant;

/**
 * A custom posture attribute a grant sets: {@code key} starts with {@code custom:}; {@code value}
 * is a String, Long or Boolean, as Tailscale allows.
 */
public record PostureAttribute(String key, Object value) {}
