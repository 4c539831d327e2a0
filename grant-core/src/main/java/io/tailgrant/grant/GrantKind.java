package io.tailgrant.grant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a grant's access is enforced: a posture attribute on a device, tags on a tagged device, a
 * ServiceAccount bound to a role in a Kubernetes cluster, the requester's tailnet role ({@code
 * user-role}), or a short-lived auth key that lets a new device join with tags ({@code auth-key}).
 */
public enum GrantKind {
  POSTURE,
  TAGS,
  KUBERNETES,
  USER_ROLE,
  AUTH_KEY;

  /** Whether the grant changes a tailnet device (through that device's manager). */
  public boolean onDevice() {
    return this == POSTURE || this == TAGS;
  }

  @JsonValue
  public String wire() {
    return name().toLowerCase().replace('_', '-');
  }

  @JsonCreator
  public static GrantKind fromWire(String value) {
    return WireEnums.parse(GrantKind.class, value);
  }
}
