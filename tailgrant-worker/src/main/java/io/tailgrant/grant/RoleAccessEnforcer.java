package io.tailgrant.grant;

import io.tailgrant.role.RoleAsset;
import io.tailgrant.role.RoleExtension;
import java.time.Instant;

/**
 * The requester's tailnet role, through their role manager workflow: it holds the highest role any
 * of their active grants holds and restores the one they had before once the last ends.
 */
final class RoleAccessEnforcer implements AccessEnforcer {
  static final String ACTION = "tailnet role";
  private final GrantInput input;
  private final GrantActivityStubs stubs;
  private final Timeline timeline;

  RoleAccessEnforcer(GrantInput input, GrantActivityStubs stubs, Timeline timeline) {
    this.input = input;
    this.stubs = stubs;
    this.timeline = timeline;
  }

  @Override
  public void apply(Instant endsAt) {
    String note =
        stubs.addRole.applyRole(
            login(), new RoleAsset(input.grantId(), input.spec().userRole(), endsAt));
    note(note);
  }

  @Override
  public void extend(Instant endsAt) {
    stubs.addRole.extendRole(login(), new RoleExtension(input.grantId(), endsAt));
  }

  /**
   * The role manager removes at once when released; no head start is sent (it would save one
   * workflow task on an hour-long grant).
   */
  @Override
  public void release(boolean headStart) {
    note(stubs.removeRole.releaseRole(login(), input.grantId()));
  }

  private void note(String note) {
    if (note != null && !note.isBlank()) {
      timeline.record(ACTION, note);
    }
  }

  /** Always the requester: a user-role grant never changes anyone else. */
  private String login() {
    return input.requester().login();
  }
}
