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
 * recorded before notifications). {@code approvalStages} (empty unless the type has them) are the
 * stages of a staged approval; {@code approvers} and {@code approvalsRequired} are then everyone in
 * any stage and the sum of their counts (see {@link Quorum}).
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
    List<QuorumStage> approvalStages,
    long catalogVersion) {

  public GrantSpec {
    tags = tags == null ? List.of() : List.copyOf(tags);
    requesters = requesters == null ? Set.of() : Set.copyOf(requesters);
    approvers = approvers == null ? Set.of() : Set.copyOf(approvers);
    admins = admins == null ? Set.of() : Set.copyOf(admins);
    approvalStages = approvalStages == null ? List.of() : List.copyOf(approvalStages);
  }

  /** A spec approved by N of its approvers (no approval stages). */
  public GrantSpec(
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
      AuthKeySpec authKey) {
    this(
        name,
        description,
        kind,
        tags,
        posture,
        target,
        risk,
        minDuration,
        maxDuration,
        requesters,
        approvers,
        approvalsRequired,
        approvalTimeout,
        admins,
        reasonRequired,
        kubernetes,
        notifyPlan,
        userRole,
        authKey,
        null,
        0);
  }

  /** A spec of the kinds before user-role and auth-key that notifies nobody. */
  public GrantSpec(
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
      KubernetesRole kubernetes) {
    this(
        name,
        description,
        kind,
        tags,
        posture,
        target,
        risk,
        minDuration,
        maxDuration,
        requesters,
        approvers,
        approvalsRequired,
        approvalTimeout,
        admins,
        reasonRequired,
        kubernetes,
        null,
        null,
        null);
  }

  /** A spec of the kinds before user-role and auth-key. */
  public GrantSpec(
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
      NotifyPlan notifyPlan) {
    this(
        name,
        description,
        kind,
        tags,
        posture,
        target,
        risk,
        minDuration,
        maxDuration,
        requesters,
        approvers,
        approvalsRequired,
        approvalTimeout,
        admins,
        reasonRequired,
        kubernetes,
        notifyPlan,
        null,
        null);
  }

  /** A spec that notifies nobody. */
  public GrantSpec(
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
      String userRole,
      AuthKeySpec authKey) {
    this(
        name,
        description,
        kind,
        tags,
        posture,
        target,
        risk,
        minDuration,
        maxDuration,
        requesters,
        approvers,
        approvalsRequired,
        approvalTimeout,
        admins,
        reasonRequired,
        kubernetes,
        null,
        userRole,
        authKey);
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
        approvalStages,
        catalogVersion);
  }
}
