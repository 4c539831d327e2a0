package io.tailgrant.grant;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Scheduled windows: a request may name a start ({@code startsAt}) when its type allows scheduling
 * ({@code scheduling.maxLead}), at most that far ahead and in the future. Approvers may approve
 * until the start; an approved (or low-risk) grant waits {@link GrantStatus#SCHEDULED} and its
 * access begins at the start and lasts its (approved) duration; its requester, approvers and admins
 * may cancel it before the start (it ends revoked); a request still unapproved at its start is
 * denied by TailGrant. Pure: the server's routes and the grant workflow ask it.
 */
public final class ScheduledStart {
  /** The longest lead any type may allow: a request is a workflow and an approver's attention. */
  public static final Duration MAX_LEAD_CEILING = Duration.ofDays(90);

  /** Timestamps longer than this are refused before parsing (they are echoed in refusals). */
  static final int MAX_TEXT_LENGTH = 64;

  private ScheduledStart() {}

  /**
   * A start as RFC 3339 ({@code 2026-12-01T09:00:00Z}, {@code 2026-12-01T10:00:00+01:00}); null for
   * null or blank (no schedule). Refuses anything else with {@code bad_starts_at}.
   */
  public static Instant parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.strip();
    if (t.length() > MAX_TEXT_LENGTH) {
      throw Refusal.badRequest(
          "bad_starts_at", "startsAt is an RFC 3339 time, such as" + " 2026-12-01T09:00:00Z");
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw Refusal.badRequest(
          "bad_starts_at",
          "'" + t + "' is not an RFC 3339 time: use e.g. 2026-12-01T09:00:00Z or ...+01:00");
    }
  }

  /**
   * A start as a form's {@code datetime-local} field gives it ({@code 2026-12-01T09:00}, no zone),
   * read as UTC (the form says so); RFC 3339 is taken as well. Null for null or blank.
   */
  public static Instant parseFormUtc(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.strip();
    if (t.length() <= MAX_TEXT_LENGTH) {
      try {
        return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        // not a local time: RFC 3339, or refused as such below
      }
    }
    return parse(t);
  }

  /**
   * Checks a requested start against its type's {@code maxLead} (null: the type allows no
   * scheduling) at {@code now}: no start is always fine; otherwise it must lie after {@code now}
   * and at most {@code maxLead} ahead.
   */
  public static void check(Duration maxLead, Instant startsAt, Instant now) {
    if (startsAt == null) {
      return;
    }
    if (maxLead == null) {
      throw Refusal.badRequest(
          "scheduling_not_allowed", "this grant type starts when approved: it takes no startsAt");
    }
    if (!startsAt.isAfter(now)) {
      throw Refusal.badRequest(
          "starts_at_past",
          "startsAt " + startsAt + " is not in the future (now is " + seconds(now) + ")");
    }
    if (startsAt.isAfter(now.plus(maxLead))) {
      throw Refusal.badRequest(
          "starts_at_too_far",
          "startsAt "
              + startsAt
              + " is more than "
              + Durations.format(maxLead)
              + " ahead: this grant type schedules at most that far ahead");
    }
  }

  /**
   * Where a new grant starts: a low-risk one with a start waits for it ({@link
   * GrantStatus#SCHEDULED}); otherwise as {@link GrantStatus#initial}.
   */
  public static GrantStatus initialStatus(Risk risk, Instant startsAt) {
    return startsAt != null && !risk.needsApproval()
        ? GrantStatus.SCHEDULED
        : GrantStatus.initial(risk);
  }

  /** Whether a grant starting at {@code startsAt} still waits for its start at {@code now}. */
  public static boolean waitsForStart(Instant startsAt, Instant now) {
    return startsAt != null && startsAt.isAfter(now);
  }

  /**
   * How long a scheduled grant's approvers have, from {@code now}: until its start (the type's
   * approval timeout does not apply; at the start an unapproved request is denied). At least a
   * second, so a start that has just passed still ends the wait through the approval's own timer.
   */
  public static Duration approvalWindow(Instant startsAt, Instant now) {
    Duration left = Duration.between(now, startsAt);
    return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
  }

  /**
   * When access activated at {@code activatedAt} ends: a scheduled window at its start + {@code
   * duration} (a late activation, such as after a worker outage, shortens it rather than moving
   * it), any other grant {@code duration} after its activation.
   */
  public static Instant end(Instant startsAt, Instant activatedAt, Duration duration) {
    return (startsAt != null ? startsAt : activatedAt).plus(duration);
  }

  /**
   * Whether a window starting at {@code startsAt} for {@code duration} has passed entirely at
   * {@code now} (the worker was away for all of it): it is not activated at all.
   */
  public static boolean windowPassed(Instant startsAt, Duration duration, Instant now) {
    return startsAt != null && !now.isBefore(startsAt.plus(duration));
  }

  /** What the requester reads when their request is denied because its start came unapproved. */
  public static String unapprovedAtStart(Instant startsAt) {
    return "not approved before its start at " + startsAt + ": request it again";
  }

  /**
   * How a scheduled grant that is revoked before its start ends: revoked, whoever cancelled it (the
   * requester withdrawing it, an approver or admin, or TailGrant on a Tailscale event). It never
   * held access, so nothing is removed.
   */
  public static GrantStatus endedBeforeStart() {
    return GrantStatus.REVOKED;
  }

  private static Instant seconds(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS);
  }
}
