package io.tailgrant.grant;

import java.time.Duration;
import java.time.Instant;

/**
 * Everything a {@code GrantWorkflow} needs, fixed at request time. {@code requestedAt} is the
 * server's clock when it asked: a run started long after it (someone replaying an old input) is
 * refused. {@code limits} are the abuse limits in force at request time (null in histories from
 * before they existed: the defaults).
 */
public record GrantInput(
    String grantId,
    GrantSpec spec,
    Principal requester,
    TargetDevice target,
    Duration duration,
    String reason,
    Instant requestedAt,
    GrantLimits limits) {

  public GrantInput(
      String grantId,
      GrantSpec spec,
      Principal requester,
      TargetDevice target,
      Duration duration,
      String reason) {
    this(grantId, spec, requester, target, duration, reason, null, null);
  }

  /** The limits this grant keeps to. */
  public GrantLimits limitsOrDefault() {
    return limits == null ? GrantLimits.DEFAULTS : limits;
  }
}
