package io.tailgrant.grant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a grant is in its life; the terminal states say how it ended. {@code SCHEDULED}: approved
 * (or needing no approval) and waiting for its start ({@link ScheduledStart}); it holds no access
 * yet.
 */
public enum GrantStatus {
  PENDING_APPROVAL,
  SCHEDULED,
  ACTIVATING,
  ACTIVE,
  DEACTIVATING,
  EXPIRED,
  REVOKED,
  DENIED,
  FAILED;

  /** Where a new grant of {@code risk} starts: waiting for approval, or activating at once. */
  public static GrantStatus initial(Risk risk) {
    return risk.needsApproval() ? PENDING_APPROVAL : ACTIVATING;
  }

  public boolean isOpen() {
    return switch (this) {
      case PENDING_APPROVAL, SCHEDULED, ACTIVATING, ACTIVE, DEACTIVATING -> true;
      default -> false;
    };
  }

  @JsonValue
  public String wire() {
    return name().toLowerCase();
  }

  @JsonCreator
  public static GrantStatus fromWire(String value) {
    return WireEnums.parse(GrantStatus.class, value);
  }
}
