package io.tailgrant.role;

import io.temporal.activity.ActivityInterface;

/**
 * A role manager's two calls: read the user's role, write a role. The manager decides what to write
 * in between ({@link RolePlan}), so a retried write never meets a role it already changed. {@code
 * removing}: nothing is being added, so every failure is retried but a refusal no retry can fix
 * (the user is gone, the API says no).
 */
@ActivityInterface
public interface RoleSyncActivities {

  /** Failure type of a refusal that retrying cannot fix (the API's 400/403/404, no such user). */
  String REFUSED = "RoleChangeRefused";

  /** {@code userId} null: look the user up by login (one list call). */
  UserRole readRole(String login, String userId, boolean removing);

  /** Sets the role; setting the role the user has changes nothing. */
  void writeRole(String userId, String role, boolean removing);
}
