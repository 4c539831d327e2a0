package io.tailgrant.grant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** An approver's answer: approve or deny ({@code approve}, {@code deny} on the wire). */
public enum Verdict {
  APPROVE,
  DENY;

  @JsonValue
  public String wire() {
    return name().toLowerCase();
  }

  @JsonCreator
  public static Verdict fromWire(String value) {
    return WireEnums.parse(Verdict.class, value);
  }
}
