package io.tailgrant.grant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a grant's access is enforced: a posture attribute on a device, tags on a tagged device, or a
 * ServiceAccount bound to a role in a Kubernetes cluster.
 */
public enum GrantKind {
  POSTURE,
  TAGS,
  KUBERNETES;

  /** Whether the grant changes a tailnet device (through that device's manager). */
  public boolean onDevice() {
    return this != KUBERNETES;
  }

  @JsonValue
  public String wire() {
    return name().toLowerCase();
  }

  @JsonCreator
  public static GrantKind fromWire(String value) {
    return WireEnums.parse(GrantKind.class, value);
  }
}
