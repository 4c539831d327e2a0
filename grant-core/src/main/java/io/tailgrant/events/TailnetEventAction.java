package io.tailgrant.events;

/** What TailGrant does about a Tailscale event; {@code idPrefix} starts its workflow's id. */
public enum TailnetEventAction {
  /**
   * A person is gone (deleted, suspended, or moved to a role that ends their access): every grant
   * they requested ends and their approvals of others' pending grants are withdrawn.
   */
  OFFBOARD("offboard"),
  /** A device is gone: grants that target it or were requested from it end. */
  NODE_DELETED("node-deleted"),
  /** The policy file changed: pending grants whose type comes from a capability end. */
  POLICY_UPDATE("policy-update");

  public final String idPrefix;

  TailnetEventAction(String idPrefix) {
    this.idPrefix = idPrefix;
  }
}
