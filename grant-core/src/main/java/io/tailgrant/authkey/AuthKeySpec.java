package io.tailgrant.authkey;

/**
 * How an auth-key grant type's keys are made: {@code reusable} (several devices may join with one
 * key), {@code ephemeral} (joined devices leave the tailnet once they go offline), and whether the
 * devices that joined with a grant's key are removed when the grant ends. Keys are always
 * pre-authorized and carry the type's tags.
 */
public record AuthKeySpec(boolean reusable, boolean ephemeral, boolean removeDevices) {}
