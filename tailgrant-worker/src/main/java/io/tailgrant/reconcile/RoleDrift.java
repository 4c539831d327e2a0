package io.tailgrant.reconcile;

import io.tailgrant.directory.GrantSummary;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.role.RoleManagerState;
import io.tailgrant.role.RolePlan;
import io.tailgrant.role.RoleSyncRequest;
import io.tailgrant.role.UserRoleManagers;
import io.tailgrant.tailnet.TailnetUser;
import io.tailgrant.tailnet.UsersApi;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The roles part of a sweep: one user-list call, then for each user with a user-role grant in the
 * directory (open or recently ended), whether their manager would write a role now (one lowered by
 * hand during a grant, one TailGrant set that no active grant holds any more). The manager decides
 * what to write from its own state: this only asks it to look again.
 */
final class RoleDrift {
  private final UsersApi api;
  private final UserRoleManagers managers;

  RoleDrift(UsersApi api, UserRoleManagers managers) {
    this.api = api;
    this.managers = managers;
  }

  /** The logins whose managers should resync. */
  List<String> find(List<GrantSummary> grants) {
    Set<String> logins = new LinkedHashSet<>();
    grants.stream()
        .filter(g -> g.kind() == GrantKind.USER_ROLE)
        .forEach(g -> logins.add(g.requester()));
    if (logins.isEmpty()) {
      return List.of();
    }
    Map<String, TailnetUser> users =
        api.listUsers().stream()
            .collect(Collectors.toMap(TailnetUser::loginName, Function.identity(), (a, b) -> a));
    List<String> drifted = new ArrayList<>();
    for (String login : logins) {
      TailnetUser user = users.get(login);
      RoleManagerState state = managers.state(login).orElse(null);
      if (user != null && state != null && wouldWrite(user.role(), state)) {
        drifted.add(login);
      }
    }
    return drifted;
  }

  /** Whether the manager, reading {@code role} now, would change it. */
  static boolean wouldWrite(String role, RoleManagerState state) {
    return RolePlan.plan(
                role,
                new RoleSyncRequest(
                    state.login(), state.assets(), Set.of(), state.baseline(), state.applied()))
            .written()
        != null;
  }
}
