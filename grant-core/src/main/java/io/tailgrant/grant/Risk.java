package io.tailgrant.grant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A grant type's risk: low is approved automatically, medium and high need a human approver. */
public enum Risk {
  LOW,
  MEDIUM,
  HIGH;

  public boolean needsApproval() {
    return this != LOW;
  }

  @JsonValue
  public String wire() {
    return name().toLowerCase();
  }

  @JsonCreator
  public static Risk fromWire(String value) {
    return WireEnums.parse(Risk.class, value);
  }
}
