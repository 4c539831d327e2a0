package io.tailgrant.role;

import io.temporal.activity.ActivityInterface;

/**
 * How a grant workflow reaches its requester's role manager (update-with-start, so it always
 * exists); each returns the manager's line for the grant's timeline.
 */
@ActivityInterface
public interface RoleChangeActivities {

  String applyRole(String login, RoleAsset asset);

  String releaseRole(String login, String grantId);

  void extendRole(String login, RoleExtension extension);
}
