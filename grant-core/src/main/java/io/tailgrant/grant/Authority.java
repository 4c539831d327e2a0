package io.tailgrant.grant;

import java.util.HashSet;
import java.util.Set;

/**
 * Who holds a role by the config in force now. A grant keeps the approvers and admins it was
 * requested with; a right that comes from a role must also hold now (someone removed from the
 * approvers' group decides nothing more). Inside a workflow, which cannot read config, the grant's
 * own snapshot stands for it.
 *
 * <p>{@code capabilityApprovers} and {@code capabilityAdmins} are the people the tailnet policy's
 * app capability makes approvers of the grant's type, or admins, as read now: on the server from
 * the caller's WhoIs, in a workflow from the request the server sent ({@link #withCapability}).
 * They count only on grants whose snapshot accepts capability roles ({@link
 * GrantFacts#acceptsCapabilityRoles}); no snapshot can list them, since nobody knows them before
 * they ask.
 */
public record Authority(
    Set<String> approvers,
    Set<String> admins,
    Set<String> capabilityApprovers,
    Set<String> capabilityAdmins) {

  public Authority {
    approvers = approvers == null ? Set.of() : Set.copyOf(approvers);
    admins = admins == null ? Set.of() : Set.copyOf(admins);
    capabilityApprovers = capabilityApprovers == null ? Set.of() : Set.copyOf(capabilityApprovers);
    capabilityAdmins = capabilityAdmins == null ? Set.of() : Set.copyOf(capabilityAdmins);
  }

  /** The grant's own snapshot: what a workflow knows. */
  public static Authority snapshot(GrantFacts grant) {
    return new Authority(grant.approvers(), grant.admins(), null, null);
  }

  /**
   * This authority, and {@code person} as an approver or admin of grants of {@code grantType} as
   * far as {@code roles} (what the tailnet policy's capability gives them, null: nothing) says.
   */
  public Authority withCapability(String person, CapabilityRoles roles, String grantType) {
    if (person == null || roles == null) {
      return this;
    }
    return new Authority(
        approvers,
        admins,
        roles.approves(grantType) ? plus(capabilityApprovers, person) : capabilityApprovers,
        roles.admin() ? plus(capabilityAdmins, person) : capabilityAdmins);
  }

  private static Set<String> plus(Set<String> people, String person) {
    Set<String> out = new HashSet<>(people);
    out.add(person);
    return out;
  }
}
