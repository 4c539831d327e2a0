package io.tailgrant.audit;

import io.tailgrant.grant.GrantStatus;
import java.util.Map;
import java.util.Optional;

/**
 * What a grant's audit events say of its life: the action that starts it and the actions that end
 * it, each with the status the grant ended in. These are the grant workflow's timeline actions (its
 * {@code finish} calls); the worker's tests hold the two together.
 */
public final class AuditActions {
  /** A grant's first event. */
  public static final String REQUESTED = "requested";

  /** A requester broke glass: the grant activates without approval and must be reviewed. */
  public static final String BROKE_GLASS = "broke glass";

  /** A reviewer confirmed or revoked a break-glass grant (the decision is in the detail). */
  public static final String REVIEWED = "reviewed";

  /** Nobody reviewed a break-glass grant within its window: it is revoked and an alert raised. */
  public static final String UNREVIEWED = "review overdue";

  private static final Map<String, GrantStatus> ENDINGS =
      Map.of(
          "expired", GrantStatus.EXPIRED,
          "revoked", GrantStatus.REVOKED,
          "denied", GrantStatus.DENIED,
          "failed", GrantStatus.FAILED,
          "refused", GrantStatus.FAILED);

  private AuditActions() {}

  /** The status a grant ended in when its event's action is {@code action}; empty otherwise. */
  public static Optional<GrantStatus> endedAs(String action) {
    return Optional.ofNullable(action == null ? null : ENDINGS.get(action));
  }
}
