package io.tailgrant.role;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One per user, id {@code user-role/<login>}: serializes every change to that user's tailnet role,
 * so overlapping user-role grants never overwrite each other. The user holds the highest role any
 * active grant holds until the last one ends; then the role they had before comes back, unless
 * someone changed it by hand meanwhile. It also removes a grant's role at its end time on its own,
 * so the role ends even if the grant's workflow was terminated.
 */
@WorkflowInterface
public interface UserRoleManagerWorkflow {

  @WorkflowMethod
  void run(RoleManagerState state);

  /**
   * Adds a grant's role; returns once the API shows it, with what changed; fails with the reason
   * when the rules refuse it (an owner, a role not above the user's own).
   */
  @UpdateMethod
  String apply(RoleAsset asset);

  /** Removes a grant's role; returns once the API shows it, with what happened to the role. */
  @UpdateMethod
  String release(String grantId);

  @UpdateMethod
  void extend(RoleExtension extension);

  /** Reads the user and writes their role back to what active grants hold: drift. */
  @UpdateMethod
  void resync();

  @QueryMethod
  RoleManagerState state();
}
