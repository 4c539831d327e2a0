package io.tailgrant.grant;

/**
 * What a grant type asks of a requester's justification beyond {@code reasonRequired}: a reason of
 * at least {@code minReasonLength} characters (0: any), and a ticket (a separate field) that
 * matches {@code ticketPattern} (a Java regular expression searched in the ticket, so anchor it
 * with {@code ^...$} to match the whole; null: the type takes no ticket), with {@code ticketHint}
 * shown in the request form and in refusals (may be null), and required unless {@code
 * ticketRequired} is false. Part of the grant's snapshot: the worker checks it against its own
 * config and the request against it. See {@link JustificationRules}.
 */
public record Justification(
    int minReasonLength, String ticketPattern, String ticketHint, boolean ticketRequired) {

  /** Whether a ticket applies to the type at all. */
  public boolean takesTicket() {
    return ticketPattern != null;
  }
}
