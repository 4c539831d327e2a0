package io.tailgrant.role;

import io.temporal.activity.ActivityInterface;

/** Reads a user's role and writes it once, as {@link RolePlan} says. */
@ActivityInterface
public interface RoleSyncActivities {

  /** Failure type of a refusal that retrying cannot fix (the rules', or the API's 400/404). */
  String REFUSED = "RoleChangeRefused";

  RoleSyncResult syncRole(RoleSyncRequest request);
}
