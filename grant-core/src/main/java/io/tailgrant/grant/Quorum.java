package io.tailgrant.grant;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * When approvals add up: {@code required} distinct approvers said yes, each one an approver, never
 * the requester, each counted once; one deny ends it. With {@code stages} (a staged approval, e.g.
 * one of group:sre and one of group:security) every stage needs its own count and a person counts
 * for one stage only ({@link StageAssignment}); {@code approvers} are then everyone in any stage.
 * Without stages the flat form is one stage of {@code approvers}.
 */
public record Quorum(
    Set<String> approvers, String requester, int required, List<QuorumStage> stages) {

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

  /** A flat quorum: {@code required} of {@code approvers}. */
  public Quorum(Set<String> approvers, String requester, int required) {
    this(approvers, requester, required, null);
  }

  /** The quorum of a grant of {@code spec} asked for by {@code requester}. */
  public static Quorum of(GrantSpec spec, String requester) {
    return new Quorum(spec.approvers(), requester, spec.approvalsRequired(), spec.approvalStages());
  }

  /** Whether {@code actor}'s vote counts at all (an approver who is not the requester). */
  public boolean eligible(String actor) {
    return actor != null && approvers.contains(actor) && !actor.equals(requester);
  }

  /** The outcome of {@code votes}: only eligible votes count, and only each actor's first. */
  public Outcome outcome(List<Approval> votes) {
    List<String> yes = new ArrayList<>();
    Set<String> counted = new HashSet<>();
    for (Approval v : votes) {
      if (!eligible(v.actor()) || !counted.add(v.actor())) {
        continue;
      }
      if (v.verdict() == Verdict.DENY) {
        return Outcome.DENIED;
      }
      yes.add(v.actor());
    }
    return assignment(yes).complete() ? Outcome.APPROVED : Outcome.WAITING;
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
      if (eligible(v.actor()) && counted.add(v.actor()) && v.verdict() == Verdict.APPROVE) {
        yes.add(v.actor());
      }
    }
    return assignment(yes).progress();
  }

  private StageAssignment assignment(List<String> yes) {
    List<QuorumStage> effective =
        stages.isEmpty() ? List.of(new QuorumStage(null, approvers, required)) : stages;
    return StageAssignment.of(effective, yes);
  }
}
