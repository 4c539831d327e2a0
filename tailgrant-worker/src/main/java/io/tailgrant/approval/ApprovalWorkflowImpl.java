package io.tailgrant.approval;

import io.tailgrant.grant.Quorum;
import io.tailgrant.grant.Withdrawal;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.util.ArrayList;
import java.util.List;

/**
 * Waits for a quorum of approvals or one deny, whichever comes first, or for the timeout. What
 * counts is {@link Quorum}'s rule; this workflow only collects the votes.
 */
public class ApprovalWorkflowImpl implements ApprovalWorkflow {
  private final ApprovalInput input;
  private final Quorum quorum;
  private final List<ApprovalDecision> decisions = new ArrayList<>();

  @WorkflowInit
  public ApprovalWorkflowImpl(ApprovalInput input) {
    this.input = input;
    // A vote by capability, and stages, count only where the input says so: no history recorded
    // before holds either, so these histories replay unchanged.
    this.quorum =
        new Quorum(
            input.approvers(),
            input.requester(),
            input.approvalsRequired(),
            input.capabilityVotes(),
            input.stages());
  }

  @Override
  public ApprovalResult run(ApprovalInput ignored) {
    boolean decided = Workflow.await(input.timeout(), () -> outcome() != Quorum.Outcome.WAITING);
    if (!decided) {
      return new ApprovalResult(ApprovalResult.Outcome.TIMED_OUT, List.copyOf(decisions));
    }
    return new ApprovalResult(
        outcome() == Quorum.Outcome.DENIED
            ? ApprovalResult.Outcome.DENIED
            : ApprovalResult.Outcome.APPROVED,
        List.copyOf(decisions));
  }

  @Override
  public void decide(ApprovalDecision decision) {
    // The grant workflow validated the decision already; this guards against any other sender,
    // including a sealed decision copied from another grant's history. Histories recorded before
    // version 1 carried no grant id.
    boolean bound =
        Workflow.getVersion("bound-decisions", Workflow.DEFAULT_VERSION, 1)
                == Workflow.DEFAULT_VERSION
            || input.grantId().equals(decision.grantId());
    boolean repeated = decisions.stream().anyMatch(d -> d.actor().equals(decision.actor()));
    if (bound && quorum.eligible(decision.toApproval()) && !repeated) {
      decisions.add(decision);
    }
  }

  @Override
  public void withdraw(Withdrawal withdrawal) {
    // The grant workflow validated it (a system actor, a pending grant, an approval given).
    // Version 1 brought withdrawals: no history recorded before holds one.
    if (Workflow.getVersion("withdrawals", Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION
        || !input.grantId().equals(withdrawal.grantId())) {
      return;
    }
    decisions.removeIf(d -> d.approve() && d.actor().equals(withdrawal.approver()));
  }

  private Quorum.Outcome outcome() {
    return quorum.outcome(decisions.stream().map(ApprovalDecision::toApproval).toList());
  }
}
