package io.tailgrant.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.grant.Decision;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.grant.Refusal;
import io.tailgrant.grant.RefusalFailures;
import io.tailgrant.worker.WorkflowTestStack;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A type that needs two approvers (approvalsRequired: 2): one yes is not enough, nobody counts
 * twice.
 */
class QuorumWorkflowTest {
  private static final String ROOT = "custom:tailgrant_db_root";
  private WorkflowTestStack stack;

  @BeforeEach
  void start() {
    stack = new WorkflowTestStack();
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  @Test
  void twoDistinctApproversAreNeededAndNobodyCountsTwice() {
    GrantWorkflow wf =
        stack.request("db-root", "alice@example.com", "alice-laptop", Duration.ofMinutes(30), "x");
    stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    String id = WorkflowTestStack.grantId(wf);

    GrantView afterBob = wf.approve(new Decision("bob@example.com", "one", id, null));
    assertEquals(GrantStatus.PENDING_APPROVAL, afterBob.status(), "one approval of two");
    assertFalse(stack.device("alice-laptop").attributes().containsKey(ROOT));

    Refusal again =
        RefusalFailures.fromFailure(
                assertThrows(
                    WorkflowUpdateException.class,
                    () -> wf.approve(new Decision("bob@example.com", "two?", id, null))))
            .orElseThrow();
    assertEquals("wrong_state", again.code(), "bob has already decided");

    GrantView afterCarol = wf.approve(new Decision("carol@example.com", "two", id, null));
    assertEquals(GrantStatus.ACTIVE, afterCarol.status());
    assertTrue(stack.device("alice-laptop").attributes().containsKey(ROOT));

    ApprovalResult result =
        stack
            .client
            .newUntypedWorkflowStub(GrantIds.approvalWorkflowId(id))
            .getResult(ApprovalResult.class);
    assertEquals(ApprovalResult.Outcome.APPROVED, result.outcome());
    assertEquals(2, result.decisions().size());
  }

  @Test
  void theApprovalWorkflowIgnoresTheRequesterAndRepeatedVotes() {
    GrantWorkflow wf =
        stack.request("db-root", "bob@example.com", "bob-laptop", Duration.ofMinutes(30), "x");
    stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    String id = WorkflowTestStack.grantId(wf);
    ApprovalWorkflow approval =
        stack.client.newWorkflowStub(ApprovalWorkflow.class, GrantIds.approvalWorkflowId(id));

    // Sent straight to the approval workflow, past the grant's validators.
    approval.decide(new ApprovalDecision("bob@example.com", true, "mine", stack.now(), id, false));
    approval.decide(new ApprovalDecision("erin@example.com", true, "one", stack.now(), id, false));
    approval.decide(
        new ApprovalDecision("erin@example.com", true, "again", stack.now(), id, false));
    GrantView denied = wf.deny(new Decision("carol@example.com", "no", id, null));

    assertEquals(
        GrantStatus.DENIED, denied.status(), "bob's own vote and erin's second did not make two");
    ApprovalResult result = WorkflowStub.fromTyped(approval).getResult(ApprovalResult.class);
    assertEquals(ApprovalResult.Outcome.DENIED, result.outcome());
    assertEquals(2, result.decisions().size(), "erin once, carol's deny");
  }
}
