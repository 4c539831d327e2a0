package io.tailgrant.device;

import java.time.Instant;

/** Moves one grant's end on a device. */
public record AssetExtension(String grantId, Instant expiresAt) {}
