package io.tailgrant.grant;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * When approvals add up: {@code required} distinct approvers said yes, each one an approver, never
 * the requester, each counted once; one deny ends it. With {@code capabilityVotes} (the grant
 * accepts roles from the tailnet policy's capability), a vote the grant workflow accepted on the
 * capability's word ({@link Approval#byCapability}) counts too, under the same rules. With {@code
 * stages} (a staged approval, e.g. one of group:sre and one of group:security) every stage needs
 * its own count and a person counts for one stage only ({@link StageAssignment}); {@code approvers}
 * are then everyone in any stage. Without stages the flat form is one stage of {@code approvers}.
 *
 * <p>A vote by capability counts only in the flat form: a stage is the people its type names, and
 * nobody knows which stage a capability approver would stand for, so a staged approval counts the
 * people its stages name and nobody else (see {@link GrantRules}, which refuses such a vote first).
 */
public record Quorum(
    Set<String> approvers,
    String requester,
    int required,
    boolean capabilityVotes,
    List<QuorumStage> stages) {

  /** Where the approvals stand. */
  public enum Outcome {
    WAITING,
    APPROVED,
    DENIED
  }

  public Quorum {
    stages = stages == null ? List.of() : List.copyOf(stages);
    if (!stages.isEmpty()) {
      Set<String> all = new LinkedHashSet<>();
      stages.forEach(s -> all.addAll(s.approvers()));
      approvers = all;
      required = stages.stream().mapToInt(QuorumStage::required).sum();
    }
    approvers = approvers == null ? Set.of() : Set.copyOf(approvers);
  }

  /** The quorum of a grant of {@code spec} asked for by {@code requester}. */
  public static Quorum of(GrantSpec spec, String requester) {
    return new Quorum(
        spec.approvers(),
        requester,
        spec.approvalsRequired(),
        spec.roleCapability() != null,
        spec.approvalStages());
  }

  /** Whether {@code actor}'s vote counts at all (an approver who is not the requester). */
  public boolean eligible(String actor) {
    return actor != null && approvers.contains(actor) && !actor.equals(requester);
  }

  /**
   * Whether {@code vote} counts at all: its voter is eligible, or an approver by capability in a
   * flat quorum.
   */
  public boolean eligible(Approval vote) {
    return eligible(vote.actor())
        || (capabilityVotes
            && stages.isEmpty()
            && vote.byCapability()
            && vote.actor() != null
            && !vote.actor().equals(requester));
  }

  /** The outcome of {@code votes}: only eligible votes count, and only each actor's first. */
  public Outcome outcome(List<Approval> votes) {
    List<String> yes = new ArrayList<>();
    Set<String> counted = new HashSet<>();
    for (Approval v : votes) {
      if (!eligible(v) || !counted.add(v.actor())) {
        continue;
      }
      if (v.verdict() == Verdict.DENY) {
        return Outcome.DENIED;
      }
      yes.add(v.actor());
    }
    if (stages.isEmpty()) {
      // Flat: a count, since an approver by capability is in no list of approvers.
      return yes.size() >= required ? Outcome.APPROVED : Outcome.WAITING;
    }
    return StageAssignment.of(stages, yes).complete() ? Outcome.APPROVED : Outcome.WAITING;
  }

  /**
   * Each stage with who counts for it so far (empty for a flat quorum, whose progress is its list
   * of approvals): what the grant page and the API show.
   */
  public List<StageProgress> progress(List<Approval> votes) {
    if (stages.isEmpty()) {
      return List.of();
    }
    List<String> yes = new ArrayList<>();
    Set<String> counted = new HashSet<>();
    for (Approval v : votes) {
      if (eligible(v) && counted.add(v.actor()) && v.verdict() == Verdict.APPROVE) {
        yes.add(v.actor());
      }
    }
    return StageAssignment.of(stages, yes).progress();
  }
}
