package io.tailgrant.approval;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.util.ArrayList;
import java.util.List;

/** Waits for a quorum of approvals or one deny, whichever comes first, or for the timeout. */
public class ApprovalWorkflowImpl implements ApprovalWorkflow {
  private final ApprovalInput input;
  private final List<ApprovalDecision> decisions = new ArrayList<>();

  @WorkflowInit
  public ApprovalWorkflowImpl(ApprovalInput input) {
    this.input = input;
  }

  @Override
  public ApprovalResult run(ApprovalInput ignored) {
    boolean decided =
        Workflow.await(input.timeout(), () -> denied() || approvals() >= input.approvalsRequired());
    if (!decided) {
      return new ApprovalResult(ApprovalResult.Outcome.TIMED_OUT, List.copyOf(decisions));
    }
    return new ApprovalResult(
        denied() ? ApprovalResult.Outcome.DENIED : ApprovalResult.Outcome.APPROVED,
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
    boolean eligible =
        bound
            && input.approvers().contains(decision.actor())
            && !decision.actor().equals(input.requester());
    boolean repeated = decisions.stream().anyMatch(d -> d.actor().equals(decision.actor()));
    if (eligible && !repeated) {
      decisions.add(decision);
    }
  }

  private boolean denied() {
    return decisions.stream().anyMatch(d -> !d.approve());
  }

  private long approvals() {
    return decisions.stream().filter(ApprovalDecision::approve).count();
  }
}
