package io.tailgrant.grant;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * When approvals add up: {@code required} distinct approvers said yes, each one an approver, never
 * the requester, each counted once; one deny ends it. With {@code capabilityVotes} (the grant
 * accepts roles from the tailnet policy's capability), a vote the grant workflow accepted on the
 * capability's word ({@link Approval#byCapability}) counts too, under the same rules.
 */
public record Quorum(
    Set<String> approvers, String requester, int required, boolean capabilityVotes) {

  /** Where the approvals stand. */
  public enum Outcome {
    WAITING,
    APPROVED,
    DENIED
  }

  public Quorum {
    approvers = approvers == null ? Set.of() : Set.copyOf(approvers);
  }

  /** The quorum of a grant of {@code spec} asked for by {@code requester}. */
  public static Quorum of(GrantSpec spec, String requester) {
    return new Quorum(
        spec.approvers(), requester, spec.approvalsRequired(), spec.roleCapability() != null);
  }

  /** Whether {@code actor}'s vote counts at all (an approver who is not the requester). */
  public boolean eligible(String actor) {
    return actor != null && approvers.contains(actor) && !actor.equals(requester);
  }

  /** Whether {@code vote} counts at all: its voter is eligible, or an approver by capability. */
  public boolean eligible(Approval vote) {
    return eligible(vote.actor())
        || (capabilityVotes
            && vote.byCapability()
            && vote.actor() != null
            && !vote.actor().equals(requester));
  }

  /** The outcome of {@code votes}: only eligible votes count, and only each actor's first. */
  public Outcome outcome(List<Approval> votes) {
    Set<String> counted = new HashSet<>();
    int yes = 0;
    for (Approval v : votes) {
      if (!eligible(v) || !counted.add(v.actor())) {
        continue;
      }
      if (v.verdict() == Verdict.DENY) {
        return Outcome.DENIED;
      }
      yes++;
    }
    return yes >= required ? Outcome.APPROVED : Outcome.WAITING;
  }
}
