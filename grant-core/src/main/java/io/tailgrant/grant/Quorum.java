package io.tailgrant.grant;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * When approvals add up: {@code required} distinct approvers said yes, each one an approver, never
 * the requester, each counted once; one deny ends it.
 */
public record Quorum(Set<String> approvers, String requester, int required) {

  /** Where the approvals stand. */
  public enum Outcome {
    WAITING,
    APPROVED,
    DENIED
  }

  public Quorum {
    approvers = approvers == null ? Set.of() : Set.copyOf(approvers);
  }

  /** Whether {@code actor}'s vote counts at all (an approver who is not the requester). */
  public boolean eligible(String actor) {
    return actor != null && approvers.contains(actor) && !actor.equals(requester);
  }

  /** The outcome of {@code votes}: only eligible votes count, and only each actor's first. */
  public Outcome outcome(List<Approval> votes) {
    Set<String> counted = new HashSet<>();
    int yes = 0;
    for (Approval v : votes) {
      if (!eligible(v.actor()) || !counted.add(v.actor())) {
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
