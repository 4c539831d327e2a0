package io.tailgrant.directory;

import io.tailgrant.grant.GrantFacts;
import io.tailgrant.grant.GrantInput;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.GrantSpec;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.Risk;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One grant as lists show it, with what it holds on its target ({@code tags} or {@code
 * attributeKey}) so reconciliation knows the desired state. {@code version} grows with each change
 * so the directory keeps the newest when publications arrive out of order. {@code requesterNodeId}
 * is the device it was requested from, so a deleted device's grants can be found (null in summaries
 * published before it was added). {@code ticket} is the requester's ticket (null: none); {@code
 * roleCapability} the app capability whose roles count on the grant (null: only the YAML config's);
 * {@code requestedByCapability} whether only that capability let its requester ask (a policy change
 * denies it while pending); {@code capabilityApprovals} who approved it only by that capability (an
 * offboarding withdraws their approval like any other). The last four are absent in summaries
 * published before them.
 */
public record GrantSummary(
    String id,
    String grantType,
    GrantKind kind,
    Risk risk,
    String requester,
    String targetNodeId,
    String targetName,
    List<String> tags,
    String attributeKey,
    GrantStatus status,
    List<String> approvers,
    List<String> admins,
    String reason,
    Instant requestedAt,
    Instant activatedAt,
    Instant expiresAt,
    Instant endedAt,
    long version,
    String requesterNodeId,
    String ticket,
    String roleCapability,
    boolean requestedByCapability,
    List<String> capabilityApprovals) {

  public GrantSummary {
    tags = tags == null ? List.of() : List.copyOf(tags);
    approvers = approvers == null ? List.of() : List.copyOf(approvers);
    admins = admins == null ? List.of() : List.copyOf(admins);
    capabilityApprovals =
        capabilityApprovals == null ? List.of() : List.copyOf(capabilityApprovals);
  }

  /** A summary without ticket or capability roles. */
  public GrantSummary(
      String id,
      String grantType,
      GrantKind kind,
      Risk risk,
      String requester,
      String targetNodeId,
      String targetName,
      List<String> tags,
      String attributeKey,
      GrantStatus status,
      List<String> approvers,
      List<String> admins,
      String reason,
      Instant requestedAt,
      Instant activatedAt,
      Instant expiresAt,
      Instant endedAt,
      long version,
      String requesterNodeId) {
    this(
        id,
        grantType,
        kind,
        risk,
        requester,
        targetNodeId,
        targetName,
        tags,
        attributeKey,
        status,
        approvers,
        admins,
        reason,
        requestedAt,
        activatedAt,
        expiresAt,
        endedAt,
        version,
        requesterNodeId,
        null,
        null,
        false,
        null);
  }

  /** A summary that does not say which device it was requested from. */
  public GrantSummary(
      String id,
      String grantType,
      GrantKind kind,
      Risk risk,
      String requester,
      String targetNodeId,
      String targetName,
      List<String> tags,
      String attributeKey,
      GrantStatus status,
      List<String> approvers,
      List<String> admins,
      String reason,
      Instant requestedAt,
      Instant activatedAt,
      Instant expiresAt,
      Instant endedAt,
      long version) {
    this(
        id,
        grantType,
        kind,
        risk,
        requester,
        targetNodeId,
        targetName,
        tags,
        attributeKey,
        status,
        approvers,
        admins,
        reason,
        requestedAt,
        activatedAt,
        expiresAt,
        endedAt,
        version,
        null);
  }

  /** The summary of the grant {@code input} asked for, at {@code status} and these times. */
  public static GrantSummary of(
      GrantInput input,
      GrantStatus status,
      Instant requestedAt,
      Instant activatedAt,
      Instant expiresAt,
      Instant endedAt,
      long version) {
    return of(input, status, requestedAt, activatedAt, expiresAt, endedAt, version, List.of());
  }

  /** As above, with who approved it only by the tailnet policy's capability so far. */
  public static GrantSummary of(
      GrantInput input,
      GrantStatus status,
      Instant requestedAt,
      Instant activatedAt,
      Instant expiresAt,
      Instant endedAt,
      long version,
      List<String> capabilityApprovals) {
    GrantSpec spec = input.spec();
    return new GrantSummary(
        input.grantId(),
        spec.name(),
        spec.kind(),
        spec.risk(),
        input.requester().login(),
        input.target().nodeId(),
        input.target().name(),
        spec.tags(),
        spec.posture() == null ? null : spec.posture().key(),
        status,
        List.copyOf(spec.approvers()),
        List.copyOf(spec.admins()),
        input.reason(),
        requestedAt,
        activatedAt,
        expiresAt,
        endedAt,
        version,
        input.requester().nodeId(),
        input.ticket(),
        spec.roleCapability(),
        input.requestedByCapability(),
        capabilityApprovals);
  }

  /** A grant just requested, before its workflow has published anything (version 0). */
  public static GrantSummary submitted(GrantInput input) {
    return of(
        input, GrantStatus.initial(input.spec().risk()), input.requestedAt(), null, null, null, 0);
  }

  /**
   * What a list tells of this grant: enough to decide who may see it. Its approvals are not in a
   * summary, so deciding on it needs the grant's own view. {@code admins} are today's.
   */
  public GrantFacts facts(Set<String> admins) {
    return new GrantFacts(
        id,
        grantType,
        kind,
        requester,
        status,
        Set.copyOf(approvers),
        admins,
        1,
        List.of(),
        false,
        activatedAt,
        expiresAt,
        null,
        null,
        null,
        0,
        false,
        roleCapability != null);
  }

  /** This summary as {@code view} shows the grant now (its status and times). */
  public GrantSummary with(GrantView view) {
    return new GrantSummary(
        id,
        grantType,
        kind,
        risk,
        requester,
        targetNodeId,
        targetName,
        tags,
        attributeKey,
        view.status(),
        approvers,
        admins,
        reason,
        requestedAt,
        view.activatedAt(),
        view.expiresAt(),
        view.endedAt(),
        version,
        requesterNodeId,
        ticket,
        roleCapability,
        requestedByCapability,
        capabilityApprovals);
  }
}
