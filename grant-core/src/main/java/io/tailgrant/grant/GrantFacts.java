package io.tailgrant.grant;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Everything about one grant that {@link GrantRules} reads: its type's snapshot of roles and
 * limits, where it is in its life, and what has been asked of it so far. Built from a workflow's
 * state, a {@link GrantView} or a list summary. {@code acceptsCapabilityRoles}: the grant was
 * requested while roles could come from the tailnet policy's app capability ({@link
 * GrantSpec#roleCapability}), so a capability approver or admin counts on it. {@code
 * stagedApproval}: the grant's type approves in stages ({@link GrantSpec#approvalStages}), whose
 * approvers are the people the stages name: an approver by capability counts on it for nothing.
 * {@code shortenedTo}: the duration an approver shortened the grant to ({@link ApprovedDuration};
 * null: as asked), which no extension goes past. {@code breakGlass}: a break-glass grant's
 * reviewers, review deadline and review ({@link BreakGlassRules}; null for any other grant).
 */
public record GrantFacts(
    String grantId,
    String grantType,
    GrantKind kind,
    String requester,
    GrantStatus status,
    Set<String> approvers,
    Set<String> admins,
    int approvalsRequired,
    List<Approval> approvals,
    boolean revoking,
    Instant activatedAt,
    Instant expiresAt,
    Duration maxDuration,
    GrantLimits limits,
    Instant lastKubeconfigAt,
    int kubeconfigsIssued,
    boolean authKeyIssued,
    boolean acceptsCapabilityRoles,
    boolean stagedApproval,
    Duration shortenedTo,
    BreakGlassState breakGlass) {

  public GrantFacts {
    approvers = approvers == null ? Set.of() : Set.copyOf(approvers);
    admins = admins == null ? Set.of() : Set.copyOf(admins);
    approvals = approvals == null ? List.of() : List.copyOf(approvals);
    limits = limits == null ? GrantLimits.DEFAULTS : limits;
  }

  /**
   * What the server knows of a grant from its view. A view carries no admins snapshot: {@code
   * admins} are today's, and the workflow checks its own snapshot again.
   */
  public static GrantFacts of(GrantView v, Set<String> admins) {
    return new GrantFacts(
        v.id(),
        v.grantType(),
        v.kind(),
        v.requester(),
        v.status(),
        Set.copyOf(v.approvers()),
        admins,
        1,
        v.approvals(),
        false,
        v.activatedAt(),
        v.expiresAt(),
        null,
        null,
        null,
        0,
        v.authKeyIssuedAt() != null,
        v.roleCapability() != null,
        !v.approvalStages().isEmpty(),
        v.shortenedBy() == null ? null : v.approvedDuration(),
        v.breakGlass()
            ? new BreakGlassState(Set.copyOf(v.reviewers()), v.reviewBy(), v.review())
            : null);
  }
}
