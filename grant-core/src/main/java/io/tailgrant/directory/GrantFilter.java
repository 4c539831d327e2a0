package io.tailgrant.directory;

import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.Refusal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * Which grants a list shows: a status, type, requester, target and a request-time range ({@code
 * from} inclusive, {@code to} exclusive), and whether its requester broke glass ({@code
 * breakGlass}); null means any. Values are plain names: they reach Temporal's visibility query and
 * the audit file's reader, so quotes, backslashes and control characters are refused rather than
 * escaped.
 */
public record GrantFilter(
    GrantStatus status,
    String grantType,
    String requester,
    String target,
    Instant from,
    Instant to,
    Boolean breakGlass) {

  /** Every grant. */
  public static final GrantFilter NONE = new GrantFilter(null, null, null, null, null, null);

  /** A filter that does not ask about break-glass. */
  public GrantFilter(
      GrantStatus status,
      String grantType,
      String requester,
      String target,
      Instant from,
      Instant to) {
    this(status, grantType, requester, target, from, to, null);
  }

  /** Longest value a filter may name. */
  public static final int MAX_VALUE_LENGTH = 200;

  /**
   * The filter that query parameters {@code status}, {@code type}, {@code requester}, {@code
   * target}, {@code from}, {@code to} and {@code breakGlass} ({@code true} or {@code false}) name
   * (blank is any); a bad value is a 400.
   */
  public static GrantFilter parse(Function<String, String> param) {
    Instant from = time(param.apply("from"), "from");
    Instant to = time(param.apply("to"), "to");
    if (from != null && to != null && !from.isBefore(to)) {
      throw Refusal.badRequest("bad_time", "from must be before to");
    }
    return new GrantFilter(
        status(param.apply("status")),
        name(param.apply("type"), "type"),
        name(param.apply("requester"), "requester"),
        name(param.apply("target"), "target"),
        from,
        to,
        bool(param.apply("breakGlass"), "breakGlass"));
  }

  /** Whether {@code g} passes every part of this filter. */
  public boolean matches(GrantSummary g) {
    return (status == null || g.status() == status)
        && (grantType == null || grantType.equals(g.grantType()))
        && (requester == null || requester.equals(g.requester()))
        && (target == null || target.equals(g.targetName()))
        && (from == null || (g.requestedAt() != null && !g.requestedAt().isBefore(from)))
        && (to == null || (g.requestedAt() != null && g.requestedAt().isBefore(to)))
        && (breakGlass == null || breakGlass == g.breakGlass());
  }

  /** Only open grants can match: the directory holds every one of them, history none. */
  public boolean openOnly() {
    return status != null && status.isOpen();
  }

  /** This filter as one line of text: a page token is bound to it. */
  public String canonical() {
    String line =
        String.join(
            "\n",
            status == null ? "" : status.wire(),
            nz(grantType),
            nz(requester),
            nz(target),
            from == null ? "" : from.toString(),
            to == null ? "" : to.toString());
    // Only when asked, so a filter without it binds its page tokens as before.
    return breakGlass == null ? line : line + "\nbreakGlass=" + breakGlass;
  }

  private static Boolean bool(String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return switch (value.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw Refusal.badRequest("bad_filter", field + " must be true or false");
    };
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static GrantStatus status(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    for (GrantStatus s : GrantStatus.values()) {
      if (s.wire().equals(value.strip())) {
        return s;
      }
    }
    throw Refusal.badRequest(
        "bad_filter",
        "status must be one of pending_approval, scheduled, activating, active, deactivating,"
            + " expired, revoked, denied, failed");
  }

  /**
   * A name as a filter value: at most 200 characters, none of them a quote, backslash or control.
   */
  static String name(String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    if (v.length() > MAX_VALUE_LENGTH) {
      throw Refusal.badRequest(
          "bad_filter", field + " is at most " + MAX_VALUE_LENGTH + " characters");
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\'' || c == '"' || c == '\\' || c == '`' || Character.isISOControl(c)) {
        throw Refusal.badRequest(
            "bad_filter", field + " may not hold quotes, backslashes or control characters");
      }
    }
    return v;
  }

  /** An RFC 3339 time with its offset (2026-03-01T00:00:00Z); blank is none. */
  public static Instant time(String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.length() > 64) {
      throw Refusal.badRequest("bad_time", field + " is not an RFC 3339 time");
    }
    try {
      return OffsetDateTime.parse(value.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw Refusal.badRequest(
          "bad_time", field + " must be an RFC 3339 time such as 2026-03-01T00:00:00Z");
    }
  }
}
