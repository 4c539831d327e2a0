package io.tailgrant.grant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a grant's access is enforced: a posture attribute on a device, or tags on a tagged device. */
public enum GrantKind {
  POSTURE,
  TAGS;

  @JsonValue
  public String wire() {
    return name().toLowerCase();
  }

  @JsonCreator
  public static GrantKind fromWire(String value) {
    return WireEnums.parse(GrantKind.class, value);
  }
}
