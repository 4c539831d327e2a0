package io.tailgrant.grant;

import java.time.Duration;
import java.time.Instant;

/**
 * An approver's approve or deny, with an optional comment. {@code grantId} names the grant it is
 * for: a sealed decision copied from one grant's history is refused by every other grant. {@code
 * capability} is what the tailnet policy's app capability gave the approver for this grant's type
 * when the server read their WhoIs (null: nothing, and in histories from before). {@code duration}
 * approves for less time than was asked (null: as asked; never on a deny; see {@link
 * ApprovedDuration}).
 */
public record Decision(
    String actor, String comment, String grantId, CapabilityRoles capability, Duration duration) {

  /** A decision for the duration asked. */
  public Decision(String actor, String comment, String grantId, CapabilityRoles capability) {
    this(actor, comment, grantId, capability, null);
  }

  /**
   * The vote this decision casts on a grant of {@code spec}: marked as by capability when only the
   * capability makes its actor an approver (the snapshot does not name them, the grant accepts
   * capability roles, and the capability says so). A deny carries no duration.
   */
  public Approval vote(Verdict verdict, Instant at, GrantSpec spec) {
    boolean byCapability =
        !spec.approvers().contains(actor)
            && spec.roleCapability() != null
            && capability != null
            && capability.approves(spec.name());
    return new Approval(
        actor, verdict, comment, at, byCapability, verdict == Verdict.APPROVE ? duration : null);
  }
}
