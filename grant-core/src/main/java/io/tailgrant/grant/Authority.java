package io.tailgrant.grant;

import java.util.Set;

/**
 * Who holds a role by the config in force now. A grant keeps the approvers and admins it was
 * requested with; a right that comes from a role must also hold now (someone removed from the
 * approvers' group decides nothing more). Inside a workflow, which cannot read config, the grant's
 * own snapshot stands for it.
 */
public record Authority(Set<String> approvers, Set<String> admins) {

  public Authority {
    approvers = approvers == null ? Set.of() : Set.copyOf(approvers);
    admins = admins == null ? Set.of() : Set.copyOf(admins);
  }

  /** The grant's own snapshot: what a workflow knows. */
  public static Authority snapshot(GrantFacts grant) {
    return new Authority(grant.approvers(), grant.admins());
  }
}
