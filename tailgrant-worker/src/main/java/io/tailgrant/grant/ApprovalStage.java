package io.tailgrant.grant;

import static io.tailgrant.temporal.FailureMessages.rootMessage;

import io.tailgrant.approval.ApprovalDecision;
import io.tailgrant.approval.ApprovalInput;
import io.tailgrant.approval.ApprovalResult;
import io.tailgrant.approval.ApprovalWorkflow;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A grant's wait for its approvers: the child approval workflow that collects votes until the
 * quorum, a deny or the timeout, cut short when the grant is revoked. Workflow code.
 */
final class ApprovalStage {
  /** How the wait ended; {@code actor} and {@code detail} say who ended it and why. */
  record Outcome(Kind kind, String actor, String detail) {
    enum Kind {
      APPROVED,
      DENIED,
      TIMED_OUT,
      REVOKED,
      BROKEN
    }
  }

  private ApprovalWorkflow child;
  private Promise<ApprovalResult> result;
  private boolean awaitCancellation;

  /**
   * Version 1 of "approval-cancel-awaited": a grant revoked before approval waits until its
   * approval workflow has reported its cancellation, so the approval never outlives the grant.
   * Histories recorded before ended without waiting.
   */
  void awaitCancellation(boolean awaitCancellation) {
    this.awaitCancellation = awaitCancellation;
  }

  /** Whether the approval workflow runs, so votes can be forwarded to it. */
  boolean started() {
    return child != null;
  }

  /** Whether the approval workflow still counts votes (it has not reported an outcome). */
  boolean waiting() {
    return result != null && !result.isCompleted();
  }

  /** Starts the approval workflow and waits for its outcome, or until {@code revoked} holds. */
  Outcome await(GrantInput input, Functions.Func<Boolean> revoked) {
    return await(input, revoked, null, null);
  }

  /**
   * As above, and runs {@code remind} once if the wait is still on {@code remindAfter} after it
   * began (null: no reminder). The reminder's timer is cancelled when the wait ends first.
   */
  Outcome await(
      GrantInput input, Functions.Func<Boolean> revoked, Duration remindAfter, Runnable remind) {
    return await(input, input.spec().approvalTimeout(), revoked, remindAfter, remind);
  }

  /** As above, with approvers given {@code timeout} (a scheduled grant's: until its start). */
  Outcome await(
      GrantInput input,
      Duration timeout,
      Functions.Func<Boolean> revoked,
      Duration remindAfter,
      Runnable remind) {
    GrantSpec spec = input.spec();
    child =
        Workflow.newChildWorkflowStub(
            ApprovalWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(GrantIds.approvalWorkflowId(input.grantId()))
                .build());
    List<Promise<ApprovalResult>> promise = new ArrayList<>(1);
    ApprovalInput approvalInput =
        new ApprovalInput(
            input.grantId(),
            input.requester().login(),
            spec.approvers(),
            spec.approvalsRequired(),
            timeout,
            spec.roleCapability() != null,
            spec.approvalStages());
    CancellationScope scope =
        Workflow.newCancellationScope(() -> promise.add(Async.function(child::run, approvalInput)));
    scope.run();
    result = promise.get(0);
    if (remindAfter != null
        && WorkflowTimers.fired(remindAfter, () -> result.isCompleted() || revoked.apply())) {
      remind.run();
    }
    Workflow.await(() -> result.isCompleted() || revoked.apply());
    if (!result.isCompleted()) {
      scope.cancel();
      if (awaitCancellation) {
        Workflow.await(result::isCompleted);
      }
      return new Outcome(Outcome.Kind.REVOKED, null, "before approval");
    }
    ApprovalResult outcome;
    try {
      outcome = result.get();
    } catch (CanceledFailure | ChildWorkflowFailure e) {
      return new Outcome(
          Outcome.Kind.BROKEN, null, "approval ended unexpectedly: " + rootMessage(e));
    }
    return switch (outcome.outcome()) {
      case APPROVED -> new Outcome(Outcome.Kind.APPROVED, null, null);
      case DENIED -> {
        ApprovalDecision deny =
            outcome.decisions().stream().filter(d -> !d.approve()).findFirst().orElseThrow();
        yield new Outcome(Outcome.Kind.DENIED, deny.actor(), deny.comment());
      }
      default -> new Outcome(Outcome.Kind.TIMED_OUT, null, null);
    };
  }

  /**
   * Withdraws an approval in the approval workflow; false when it had already reported its outcome
   * (the quorum was complete before the withdrawal came).
   */
  boolean withdraw(Withdrawal withdrawal) {
    try {
      child.withdraw(withdrawal);
      return true;
    } catch (SignalExternalWorkflowException e) {
      return false;
    }
  }

  /** Forwards a validated vote to the approval workflow. */
  void forward(Approval vote, String grantId) {
    child.decide(
        new ApprovalDecision(
            vote.actor(),
            vote.verdict() == Verdict.APPROVE,
            vote.comment(),
            vote.at(),
            grantId,
            vote.byCapability()));
  }
}
