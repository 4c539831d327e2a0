package io.tailgrant.web;

import io.tailgrant.config.GrantCatalog;
import io.tailgrant.config.GrantTypeConfig;
import io.tailgrant.config.LimitsConfig;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.grant.BreakGlassRules;
import io.tailgrant.grant.Durations;
import io.tailgrant.grant.GrantInput;
import io.tailgrant.grant.GrantLimits;
import io.tailgrant.grant.GrantSpec;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.Policy;
import io.tailgrant.grant.Refusal;
import io.tailgrant.grant.ScheduledStart;
import io.tailgrant.grant.TargetDevice;
import io.tailgrant.identity.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asking for a grant: the request is checked against {@link Policy} with the config in force (the
 * type, by the YAML config or the tailnet policy's capability, the requester's snapshot, duration,
 * reason, ticket, target and a scheduled start) and the open-grant limit (a scheduled grant counts
 * from its request) before its workflow starts.
 */
final class GrantRequester {
  /**
   * Longest grant type name, target or duration a request may name (all are echoed in refusals).
   */
  static final int MAX_NAME_LENGTH = 200;

  private final GrantCatalog catalog;
  private final LimitsConfig limits;
  private final GrantClient client;
  private final GrantBoard board;
  private final TargetResolver targets;
  private final Clock clock;
  private final Map<String, Object> requesting = new ConcurrentHashMap<>();

  GrantRequester(
      GrantCatalog catalog,
      LimitsConfig limits,
      GrantClient client,
      GrantBoard board,
      TargetResolver targets,
      Clock clock) {
    this.catalog = catalog;
    this.limits = limits;
    this.client = client;
    this.board = board;
    this.targets = targets;
    this.clock = clock;
  }

  /** Requests a grant with the id {@code id}, and starts its workflow. */
  GrantView request(Caller caller, NewGrantRequest body, String id) {
    if (body == null || body.grantType() == null || body.grantType().isBlank()) {
      throw Refusal.badRequest("unknown_grant_type", "grantType is required");
    }
    GrantLimits.requireShort(body.grantType(), MAX_NAME_LENGTH, "grantType");
    GrantLimits.requireShort(body.target(), MAX_NAME_LENGTH, "target");
    GrantLimits.requireShort(body.duration(), MAX_NAME_LENGTH, "duration");
    GrantLimits.requireShort(body.reason(), limits.grant().maxTextLength(), "reason");
    GrantTypeConfig type =
        catalog.requestable(caller.principal(), body.grantType(), caller.roles());
    GrantSpec spec = catalog.specFor(type, caller.capabilities());
    if (body.breaksGlass()) {
      // Before anything else is looked at: someone the rule does not name learns nothing more.
      BreakGlassRules.checkRequest(spec, caller.principal(), body.reason());
    }
    Duration duration = GrantCatalog.defaultDuration(type, spec);
    if (body.duration() != null && !body.duration().isBlank()) {
      duration =
          Durations.parse(body.duration())
              .orElseThrow(
                  () ->
                      Refusal.badRequest(
                          "bad_duration",
                          "'"
                              + body.duration()
                              + "' is not a duration: use 90m, 1h30m or PT1H30M"));
    }
    Policy.checkDuration(spec, duration);
    Policy.checkReason(spec, body.reason());
    String ticket = blankToNull(body.ticket());
    Policy.checkTicket(spec, ticket);
    TargetDevice target = targets.resolve(caller, type, body.target());
    Policy.checkTarget(spec, caller.principal(), target);
    Instant startsAt = ScheduledStart.parse(body.startsAt());
    if (body.breaksGlass()) {
      BreakGlassRules.checkStartsNow(startsAt);
    }
    ScheduledStart.check(spec.schedulingMaxLead(), startsAt, clock.instant());
    String reason = body.reason() == null ? null : body.reason().strip();
    GrantInput input =
        new GrantInput(
            id,
            spec,
            caller.principal(),
            target,
            duration,
            reason,
            clock.instant(),
            limits.grant(),
            ticket,
            catalog.claim(caller.roles(), type.name()),
            body.breaksGlass(),
            startsAt);
    // One requester's requests on this server count and start one at a time, so a burst cannot
    // slip past the open-grant limit between the count and the start.
    synchronized (requesting.computeIfAbsent(caller.login(), k -> new Object())) {
      checkOpenGrants(caller);
      client.start(input);
      board.started(GrantSummary.submitted(input));
    }
    return GrantView.submitted(input);
  }

  /**
   * Pending and active grants per requester are capped: each one is a workflow and, pending, an
   * approver's time.
   */
  private void checkOpenGrants(Caller caller) {
    int max = limits.openGrantsPerRequester();
    long open = board.openGrantsOf(caller.login());
    if (open >= max) {
      throw Refusal.tooMany(
          "too_many_open_grants",
          "you have "
              + open
              + " open grants (at most "
              + max
              + "): let one end or revoke one first",
          60);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
