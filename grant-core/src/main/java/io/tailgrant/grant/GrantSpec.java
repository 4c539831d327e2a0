package io.tailgrant.grant;

import io.tailgrant.authkey.AuthKeySpec;
import io.tailgrant.kubernetes.KubernetesRole;
import io.tailgrant.notify.NotifyPlan;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A grant type as it stood when a grant was requested, with groups already expanded to logins. The
 * workflow keeps this snapshot so a config change never alters a running grant. {@code requesters}
 * may hold {@link Policy#ANY_MEMBER}. {@code kubernetes} is set for kubernetes grants only, {@code
 * userRole} (the tailnet role given) for user-role grants and {@code authKey} for auth-key grants,
 * whose keys carry {@code tags} (each added later: histories recorded before read them as null).
 * {@code notifyPlan} says whom to tell what and when; null when nothing is sent (and in histories
 * recorded before notifications). {@code justification} asks for a minimum reason length and a
 * ticket (null: neither). {@code roleCapability} names the app capability ({@code
 * server.capability}) whose requester, approver and admin roles count on the grant beside the YAML
 * principals (null: none, and in histories from before either). {@code approvalStages} (empty
 * unless the type has them) are the stages of a staged approval; {@code approvers} and {@code
 * approvalsRequired} are then everyone in any stage and the sum of their counts (see {@link
 * Quorum}). {@code catalogVersion} is the live catalogue's version the type came from (0: the
 * config file, and in histories from before). {@code breakGlass} is the type's break-glass rule
 * (null: none, and in histories from before; see {@link BreakGlassRules}). {@code
 * schedulingMaxLead} is how far ahead a request may name its start ({@link ScheduledStart}; null:
 * it starts when approved, and in histories from before).
 */
public record GrantSpec(
    String name,
    String description,
    GrantKind kind,
    List<String> tags,
    PostureAttribute posture,
    TargetRule target,
    Risk risk,
    Duration minDuration,
    Duration maxDuration,
    Set<String> requesters,
    Set<String> approvers,
    int approvalsRequired,
    Duration approvalTimeout,
    Set<String> admins,
    boolean reasonRequired,
    KubernetesRole kubernetes,
    NotifyPlan notifyPlan,
    String userRole,
    AuthKeySpec authKey,
    Justification justification,
    String roleCapability,
    List<QuorumStage> approvalStages,
    long catalogVersion,
    BreakGlass breakGlass,
    Duration schedulingMaxLead) {

  public GrantSpec {
    tags = tags == null ? List.of() : List.copyOf(tags);
    requesters = requesters == null ? Set.of() : Set.copyOf(requesters);
    approvers = approvers == null ? Set.of() : Set.copyOf(approvers);
    admins = admins == null ? Set.of() : Set.copyOf(admins);
    approvalStages = approvalStages == null ? List.of() : List.copyOf(approvalStages);
  }

  /**
   * This spec with another role and a shorter maximum: what a requester's app capability allows.
   */
  public GrantSpec withCapability(KubernetesRole role, Duration max) {
    return new GrantSpec(
        name,
        description,
        kind,
        tags,
        posture,
        target,
        risk,
        minDuration,
        max,
        requesters,
        approvers,
        approvalsRequired,
        approvalTimeout,
        admins,
        reasonRequired,
        role,
        notifyPlan,
        userRole,
        authKey,
        justification,
        roleCapability,
        approvalStages,
        catalogVersion,
        breakGlass,
        schedulingMaxLead);
  }
}
