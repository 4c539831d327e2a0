package io.tailgrant.web;

/**
 * The body of {@code POST /api/v1/grants}; {@code target}, {@code duration} and {@code ticket} (an
 * id such as INC-1234, for types that take one) are optional, and so is {@code startsAt} (RFC 3339,
 * for types that allow scheduling). {@code breakGlass: true} activates the grant at once without
 * approval, for a reviewed bypass ({@code BreakGlassRules}).
 */
public record NewGrantRequest(
    String grantType,
    String target,
    String duration,
    String reason,
    String ticket,
    Boolean breakGlass,
    String startsAt) {

  /** A request that neither breaks glass nor names a start. */
  public NewGrantRequest(
      String grantType, String target, String duration, String reason, String ticket) {
    this(grantType, target, duration, reason, ticket, null, null);
  }

  /** Whether the requester breaks glass. */
  boolean breaksGlass() {
    return Boolean.TRUE.equals(breakGlass);
  }
}
