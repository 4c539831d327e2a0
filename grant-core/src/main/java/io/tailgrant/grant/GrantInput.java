package io.tailgrant.grant;

import java.time.Duration;
import java.time.Instant;

/**
 * Everything a {@code GrantWorkflow} needs, fixed at request time. {@code requestedAt} is the
 * server's clock when it asked: a run started long after it (someone replaying an old input) is
 * refused. {@code limits} are the abuse limits in force at request time (null in histories from
 * before they existed: the defaults). {@code ticket} is the requester's ticket (null: none). {@code
 * capability} is what the tailnet policy's app capability gave the requester for this type when the
 * server read their WhoIs (null: nothing); it counts only if the spec accepts capability roles.
 * Both null in histories from before. {@code breakGlass}: the requester broke glass, so the grant
 * activates at once without approval and must be reviewed ({@link BreakGlassRules}; false in
 * histories from before). {@code startsAt} is when access is to begin for a scheduled request
 * ({@link ScheduledStart}; null: when approved, and in histories from before).
 */
public record GrantInput(
    String grantId,
    GrantSpec spec,
    Principal requester,
    TargetDevice target,
    Duration duration,
    String reason,
    Instant requestedAt,
    GrantLimits limits,
    String ticket,
    CapabilityRoles capability,
    boolean breakGlass,
    Instant startsAt) {

  public GrantInput(
      String grantId,
      GrantSpec spec,
      Principal requester,
      TargetDevice target,
      Duration duration,
      String reason) {
    this(grantId, spec, requester, target, duration, reason, null, null, null, null, false, null);
  }

  /**
   * Where this grant starts: activating at once when its requester broke glass, otherwise as its
   * risk and start say ({@link ScheduledStart#initialStatus}).
   */
  public GrantStatus initialStatus() {
    return breakGlass
        ? GrantStatus.ACTIVATING
        : ScheduledStart.initialStatus(spec.risk(), startsAt);
  }

  /** The limits this grant keeps to. */
  public GrantLimits limitsOrDefault() {
    return limits == null ? GrantLimits.DEFAULTS : limits;
  }

  /** Whether only the tailnet policy's capability let the requester ask for this grant. */
  public boolean requestedByCapability() {
    return Policy.requestsByCapability(spec, requester, capability);
  }
}
