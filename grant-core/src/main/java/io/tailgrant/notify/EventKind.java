package io.tailgrant.notify;

/** What happened to a grant, as far as the people who hear about it are concerned. */
public enum EventKind {
  REQUEST_WAITING("requestWaiting", "Access request waiting for approval"),
  APPROVAL_REMINDER("approvalReminder", "Reminder: access request still waiting"),
  ESCALATION("escalation", "Access request escalated"),
  APPROVED("approved", "Access request approved"),
  DENIED("denied", "Access request denied"),
  ACTIVE("active", "Access granted"),
  FAILED("failed", "Granting access failed"),
  EXPIRY_REMINDER("expiryReminder", "Access expires soon"),
  EXPIRED("expired", "Access expired"),
  REVOKED("revoked", "Access revoked"),
  REMOVAL_STUCK("removalStuck", "Removing access is stuck"),
  BREAK_GLASS("breakGlass", "Break-glass access opened: review needed"),
  BREAK_GLASS_UNREVIEWED("breakGlassUnreviewed", "Break-glass access revoked: nobody reviewed it");

  private final String wireName;
  private final String title;

  EventKind(String wireName, String title) {
    this.wireName = wireName;
    this.title = title;
  }

  /** The stable name in the generic webhook's {@code type} field, e.g. {@code requestWaiting}. */
  public String wireName() {
    return wireName;
  }

  /** A short human headline, fixed text with no user value in it. */
  public String title() {
    return title;
  }
}
