package io.tailgrant.role;

import java.time.Instant;

/** Moves one grant's end in its requester's role manager. */
public record RoleExtension(String grantId, Instant expiresAt) {}
