package io.tailgrant.grant;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A grant type as it stood when a grant was requested, with groups already expanded to logins.
 * The workflow keeps this snapshot so a config change never alters a running grant. {@code
 * requesters} may hold {@link Policy#ANY_MEMBER}.
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
    boolean reasonRequired) {

  public GrantSpec {
    tags = tags == null ? List.of() : List.copyOf(tags);
    requesters = requesters == null ? Set.of() : Set.copyOf(requesters);
    approvers = approvers == null ? Set.of() : Set.copyOf(approvers);
    admins = admins == null ? Set.of() : Set.copyOf(admins);
  }
}
