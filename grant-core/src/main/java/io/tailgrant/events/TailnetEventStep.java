package io.tailgrant.events;

/**
 * One change an event makes: end grant {@code grantId} ({@link Kind#REVOKE}) or withdraw the
 * event's person's approval of it ({@link Kind#WITHDRAW}). Type, requester and target are for the
 * audit trail.
 */
public record TailnetEventStep(
    Kind kind, String grantId, String grantType, String requester, String target) {

  /** What is done to the grant. */
  public enum Kind {
    REVOKE,
    WITHDRAW
  }

  /** Names the step once per grant and kind: a later sweep does not repeat it. */
  public String key() {
    return kind + "/" + grantId;
  }
}
