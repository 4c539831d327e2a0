package io.tailgrant.role;

import java.time.Instant;

/** The tailnet role one active grant holds for its requester, and until when. */
public record RoleAsset(String grantId, String role, Instant expiresAt) {

  public RoleAsset withExpiry(Instant newExpiry) {
    return new RoleAsset(grantId, role, newExpiry);
  }
}
