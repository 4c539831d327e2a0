package io.tailgrant.directory;

import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.Risk;
import java.time.Instant;
import java.util.List;

/**
 * One grant as lists show it, with what it holds on its target ({@code tags} or {@code
 * attributeKey}) so reconciliation knows the desired state. {@code version} grows with each change
 * so the directory keeps the newest when publications arrive out of order.
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
    long version) {

  public GrantSummary {
    tags = tags == null ? List.of() : List.copyOf(tags);
    approvers = approvers == null ? List.of() : List.copyOf(approvers);
    admins = admins == null ? List.of() : List.copyOf(admins);
  }
}
