package io.tailgrant.events;

import io.tailgrant.directory.DirectoryPages;
import io.tailgrant.grant.Approval;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.grant.Refusal;
import io.tailgrant.grant.RefusalFailures;
import io.tailgrant.grant.RevokeRequest;
import io.tailgrant.grant.Verdict;
import io.tailgrant.grant.Withdrawal;
import io.tailgrant.temporal.TemporalFailures;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowUpdateException;
import java.util.List;
import java.util.Optional;

/**
 * Reads the directory and sends a Tailscale event's Updates to grant workflows. A grant that says
 * no (it has ended, is ending already, or the approval is not there) is an outcome, not a failure;
 * anything else (Temporal unreachable) fails the attempt, which Temporal retries.
 */
public final class TailnetEventActivitiesImpl implements TailnetEventActivities {
  private final WorkflowClient client;
  private final String taskQueue;

  public TailnetEventActivitiesImpl(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  @Override
  public List<TailnetEventStep> plan(TailnetEventInput event) {
    return TailnetEventRules.plan(event, DirectoryPages.readAll(client, taskQueue));
  }

  @Override
  public StepOutcome take(TailnetEventInput event, TailnetEventStep step) {
    String actor = TailnetEventRules.actor(event);
    String reason = TailnetEventRules.reason(event);
    GrantWorkflow grant =
        client.newWorkflowStub(GrantWorkflow.class, GrantIds.grantWorkflowId(step.grantId()));
    try {
      return switch (step.kind()) {
        case REVOKE -> {
          GrantView v = grant.revoke(new RevokeRequest(actor, reason, step.grantId(), null));
          yield new StepOutcome(true, "grant is " + v.status().wire() + ": " + reason);
        }
        case WITHDRAW -> {
          String approver = event.subject();
          GrantView v = grant.withdraw(new Withdrawal(actor, approver, reason, step.grantId()));
          yield stillApproved(v, approver)
              ? new StepOutcome(false, approver + "'s approval had already completed the quorum")
              : new StepOutcome(true, approver + "'s approval no longer counts");
        }
      };
    } catch (WorkflowUpdateException e) {
      Optional<Refusal> refusal = RefusalFailures.fromFailure(e);
      if (refusal.isPresent()) {
        return new StepOutcome(false, refusal.get().getMessage());
      }
      throw e;
    } catch (WorkflowException e) {
      if (TemporalFailures.workflowGone(e)) {
        return new StepOutcome(false, "grant has ended");
      }
      throw e;
    }
  }

  private static boolean stillApproved(GrantView v, String approver) {
    for (Approval a : v.approvals()) {
      if (a.verdict() == Verdict.APPROVE && a.actor().equals(approver)) {
        return true;
      }
    }
    return false;
  }
}
