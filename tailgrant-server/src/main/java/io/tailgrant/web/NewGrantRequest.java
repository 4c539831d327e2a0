package io.tailgrant.web;

/**
 * The body of {@code POST /api/v1/grants}; {@code target}, {@code duration} and {@code ticket} (an
 * id such as INC-1234, for types that take one) are optional. {@code breakGlass: true} activates
 * the grant at once without approval, for a reviewed bypass ({@code BreakGlassRules}).
 */
public record NewGrantRequest(
    String grantType,
    String target,
    String duration,
    String reason,
    String ticket,
    Boolean breakGlass) {

  /** A request that does not break glass. */
  public NewGrantRequest(
      String grantType, String target, String duration, String reason, String ticket) {
    this(grantType, target, duration, reason, ticket, null);
  }

  /** Whether the requester breaks glass. */
  boolean breaksGlass() {
    return Boolean.TRUE.equals(breakGlass);
  }
}
