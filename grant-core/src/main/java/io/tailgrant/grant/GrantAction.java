package io.tailgrant.grant;

/** What someone can do to an existing grant; {@link GrantRules} says who may, and when. */
public enum GrantAction {
  VIEW,
  APPROVE,
  DENY,
  REVOKE,
  EXTEND,
  KUBECONFIG,
  AUTH_KEY
}
