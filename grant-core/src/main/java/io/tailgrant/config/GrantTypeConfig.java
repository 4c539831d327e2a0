package io.tailgrant.config;

import io.tailgrant.authkey.AuthKeySpec;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.Justification;
import io.tailgrant.grant.PostureAttribute;
import io.tailgrant.grant.Risk;
import io.tailgrant.grant.TargetRule;
import io.tailgrant.kubernetes.KubernetesRole;
import java.time.Duration;
import java.util.List;

/**
 * One grant type as an admin wrote it; principals may still name {@code group:}s. Kubernetes types
 * carry {@code kubernetes} (the role, null when it comes only from {@code capability}) and may take
 * role and maximum period from the requester's app {@code capability} (may be null). {@code
 * notifyChannels} names the notification channels of its requester and approver events (null:
 * {@code notifications.default}; empty: none). {@code justification} asks for a minimum reason
 * length and a ticket (null: neither). {@code approvalStages} (empty for N of M) are the stages of
 * a staged approval; {@code approvers} and {@code approvalsRequired} then hold every stage's
 * principals and the sum of their counts. {@code catalogVersion} is the live catalogue's version
 * this definition came from (0: the config file). {@code breakGlass} lets the requesters it names
 * activate a grant at once without approval, reviewed afterwards (null: no break-glass). {@code
 * schedulingMaxLead} is how far ahead a request may name its start ({@code scheduling.maxLead};
 * null: it starts when approved).
 */
public record GrantTypeConfig(
    String name,
    String description,
    GrantKind kind,
    List<String> tags,
    PostureAttribute posture,
    TargetRule target,
    Duration minDuration,
    Duration maxDuration,
    Duration defaultDuration,
    Risk risk,
    List<String> requesters,
    List<String> approvers,
    int approvalsRequired,
    Duration approvalTimeout,
    boolean reasonRequired,
    KubernetesRole kubernetes,
    String capability,
    List<String> notifyChannels,
    String userRole,
    AuthKeySpec authKey,
    Justification justification,
    List<ApprovalStageConfig> approvalStages,
    long catalogVersion,
    BreakGlassConfig breakGlass,
    Duration schedulingMaxLead) {

  public GrantTypeConfig {
    approvalStages = approvalStages == null ? List.of() : List.copyOf(approvalStages);
  }

  /** This type as version {@code version} of the live catalogue (0: the config file's). */
  public GrantTypeConfig withCatalogVersion(long version) {
    return new GrantTypeConfig(
        name,
        description,
        kind,
        tags,
        posture,
        target,
        minDuration,
        maxDuration,
        defaultDuration,
        risk,
        requesters,
        approvers,
        approvalsRequired,
        approvalTimeout,
        reasonRequired,
        kubernetes,
        capability,
        notifyChannels,
        userRole,
        authKey,
        justification,
        approvalStages,
        version,
        breakGlass,
        schedulingMaxLead);
  }
}
