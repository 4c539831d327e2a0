package io.tailgrant.grant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a break-glass grant's review ended: a reviewer confirmed it (it runs to its end) or revoked
 * it, or nobody reviewed it within the window ({@link #UNREVIEWED}, TailGrant's own verdict: it is
 * revoked and an alert raised). Only the first two can be asked for.
 */
public enum ReviewDecision {
  CONFIRM("confirm"),
  REVOKE("revoke"),
  UNREVIEWED("unreviewed");

  private final String wire;

  ReviewDecision(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  @JsonCreator
  public static ReviewDecision fromWire(String value) {
    return WireEnums.parse(ReviewDecision.class, value);
  }

  /**
   * A reviewer's decision by its wire name; anything else, {@code unreviewed} included, is a 400.
   */
  public static ReviewDecision requested(String value) {
    if (CONFIRM.wire.equals(value)) {
      return CONFIRM;
    }
    if (REVOKE.wire.equals(value)) {
      return REVOKE;
    }
    throw Refusal.badRequest("bad_decision", "decision must be confirm or revoke");
  }
}
