package io.tailgrant.grant;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the tailnet policy file gives one person through TailGrant's app capability ({@code
 * server.capability}, e.g. {@code example.com/cap/tailgrant}): the grant types they may request and
 * approve, and whether they are an admin. Every value of the capability adds to it (Tailscale's
 * grants are all allow rules), so this is only ever a union: it never takes away a role the YAML
 * config gives, and nothing here can deny. It travels in the requests the server sends a grant's
 * workflow as the server's word of what WhoIs said (see docs/SECURITY.md, "Roles from the tailnet
 * policy").
 */
public record CapabilityRoles(Set<String> requester, Set<String> approver, boolean admin) {
  /** No role at all: no capability configured, none granted, or the person may have none. */
  public static final CapabilityRoles NONE = new CapabilityRoles(Set.of(), Set.of(), false);

  public CapabilityRoles {
    requester = requester == null ? Set.of() : Set.copyOf(requester);
    approver = approver == null ? Set.of() : Set.copyOf(approver);
  }

  /**
   * The roles a caller holds: {@code read} from their WhoIs, or none for a user of a device shared
   * in from another tailnet. Such a user is not a member (as {@code autogroup:member} excludes
   * them); a policy grant written for members, such as {@code "src": ["*"]}, must not make a
   * stranger an approver, so only the YAML config can name them.
   */
  public static CapabilityRoles forCaller(CapabilityRoles read, boolean sharedIn) {
    return read == null || sharedIn ? NONE : read;
  }

  /** Both together: what several capability values give. */
  public CapabilityRoles union(CapabilityRoles other) {
    if (other == null) {
      return this;
    }
    Set<String> requesters = new LinkedHashSet<>(requester);
    requesters.addAll(other.requester);
    Set<String> approvers = new LinkedHashSet<>(approver);
    approvers.addAll(other.approver);
    return new CapabilityRoles(requesters, approvers, admin || other.admin);
  }

  /**
   * Only what bears on grants of {@code grantType}: what a request about one grant carries, so its
   * history holds no more of the person's policy than that grant needs.
   */
  public CapabilityRoles forType(String grantType) {
    return new CapabilityRoles(
        requester.contains(grantType) ? Set.of(grantType) : Set.of(),
        approver.contains(grantType) ? Set.of(grantType) : Set.of(),
        admin);
  }

  /** Whether the capability lets its holder request grants of {@code grantType}. */
  public boolean requests(String grantType) {
    return requester.contains(grantType);
  }

  /** Whether the capability makes its holder an approver of grants of {@code grantType}. */
  public boolean approves(String grantType) {
    return approver.contains(grantType);
  }

  /** Whether it gives nothing at all. */
  public boolean none() {
    return requester.isEmpty() && approver.isEmpty() && !admin;
  }
}
