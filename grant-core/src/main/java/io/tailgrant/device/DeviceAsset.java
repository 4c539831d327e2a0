package io.tailgrant.device;

import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.PostureAttribute;
import java.time.Instant;
import java.util.List;

/** What one active grant holds on one device, and until when. */
public record DeviceAsset(
    String grantId,
    GrantKind kind,
    List<String> tags,
    PostureAttribute posture,
    Instant expiresAt) {

  public DeviceAsset {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  public DeviceAsset withExpiry(Instant newExpiry) {
    return new DeviceAsset(grantId, kind, tags, posture, newExpiry);
  }
}
