package io.tailgrant.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.grant.CapabilityRoles;
import io.tailgrant.grant.Decision;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.grant.Refusal;
import io.tailgrant.grant.RefusalFailures;
import io.tailgrant.grant.StageProgress;
import io.tailgrant.grant.SystemActor;
import io.tailgrant.grant.Withdrawal;
import io.tailgrant.worker.WorkflowTestStack;
import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A type approved in two stages, one of group:sre (bob, erin) and one of group:security (erin,
 * frank): erin is in both and counts for one stage only, the requester never counts, withdrawals
 * leave their stage, and an approver only by the tailnet policy's capability fills no stage.
 */
class StagedApprovalWorkflowTest {
  private static final String SCHEMA = "custom:tailgrant_db_schema";
  private static final String BOB = "bob@example.com";
  private static final String ERIN = "erin@example.com";
  private static final String FRANK = "frank@example.com";
  private static final String DAVE = "dave@example.com";
  private WorkflowTestStack stack;

  @BeforeEach
  void start() {
    stack = new WorkflowTestStack();
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  /** Each stage as {@code name=approvedBy}. */
  private static List<String> stages(GrantView v) {
    return v.approvalStages().stream()
        .map(s -> s.name() + "=" + String.join(",", s.approvedBy()))
        .toList();
  }

  @Test
  void aPersonInBothGroupsCountsForOneStageAndMovesToTheOneThatCompletesIt() {
    GrantWorkflow wf =
        stack.request(
            "db-staged", "alice@example.com", "alice-laptop", Duration.ofMinutes(30), "x");
    GrantView pending = stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    String id = WorkflowTestStack.grantId(wf);
    assertEquals(List.of("group:sre=", "group:security="), stages(pending));
    assertEquals(2, pending.approvalStages().stream().mapToInt(StageProgress::required).sum());

    GrantView afterErin = wf.approve(new Decision(ERIN, "sre and security", id, null));
    assertEquals(GrantStatus.PENDING_APPROVAL, afterErin.status(), "erin counts once");
    assertEquals(List.of("group:sre=" + ERIN, "group:security="), stages(afterErin));
    assertFalse(stack.device("alice-laptop").attributes().containsKey(SCHEMA));

    GrantView afterBob = wf.approve(new Decision(BOB, "sre", id, null));
    assertEquals(GrantStatus.ACTIVE, afterBob.status());
    assertEquals(List.of("group:sre=" + BOB, "group:security=" + ERIN), stages(afterBob));
    assertTrue(stack.device("alice-laptop").attributes().containsKey(SCHEMA));

    ApprovalResult result =
        stack
            .client
            .newUntypedWorkflowStub(GrantIds.approvalWorkflowId(id))
            .getResult(ApprovalResult.class);
    assertEquals(ApprovalResult.Outcome.APPROVED, result.outcome());
    assertEquals(2, result.decisions().size());
  }

  @Test
  void twoOfOneGroupNeverMakeUpForTheOther() {
    GrantWorkflow wf =
        stack.request(
            "db-staged", "alice@example.com", "alice-laptop", Duration.ofMinutes(30), "x");
    stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    String id = WorkflowTestStack.grantId(wf);

    wf.approve(new Decision(FRANK, "security", id, null));
    GrantView view = wf.approve(new Decision(ERIN, "security too", id, null));

    assertEquals(GrantStatus.ACTIVE, view.status(), "erin fills the SRE stage frank cannot");
    assertEquals(List.of("group:sre=" + ERIN, "group:security=" + FRANK), stages(view));
  }

  @Test
  void theRequesterInAGroupNeverCountsAndTheOthersFillTheirStage() {
    GrantWorkflow wf = stack.request("db-staged", ERIN, "erin-laptop", Duration.ofMinutes(30), "x");
    stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    String id = WorkflowTestStack.grantId(wf);

    Refusal own =
        RefusalFailures.fromFailure(
                assertThrows(
                    WorkflowUpdateException.class,
                    () -> wf.approve(new Decision(ERIN, "mine", id, null))))
            .orElseThrow();
    assertEquals("forbidden", own.code());
    GrantView afterBob = wf.approve(new Decision(BOB, "sre", id, null));
    assertEquals(GrantStatus.PENDING_APPROVAL, afterBob.status());
    assertEquals(List.of("group:sre=" + BOB, "group:security="), stages(afterBob));

    GrantView afterFrank = wf.approve(new Decision(FRANK, "security", id, null));
    assertEquals(GrantStatus.ACTIVE, afterFrank.status());
  }

  @Test
  void aWithdrawnApprovalLeavesItsStageAndTheStageWaitsAgain() {
    GrantWorkflow wf =
        stack.request(
            "db-staged", "alice@example.com", "alice-laptop", Duration.ofMinutes(30), "x");
    stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    String id = WorkflowTestStack.grantId(wf);
    String tailscale = SystemActor.of("userDeleted");

    wf.approve(new Decision(FRANK, "security", id, null));
    GrantView withdrawn =
        wf.withdraw(new Withdrawal(tailscale, FRANK, "Tailscale userDeleted", id));
    assertEquals(List.of("group:sre=", "group:security="), stages(withdrawn));

    GrantView afterBob = wf.approve(new Decision(BOB, "sre", id, null));
    assertEquals(
        GrantStatus.PENDING_APPROVAL,
        afterBob.status(),
        "frank's withdrawn approval no longer fills the security stage");
    assertEquals(List.of("group:sre=" + BOB, "group:security="), stages(afterBob));

    GrantView afterErin = wf.approve(new Decision(ERIN, "security", id, null));
    assertEquals(GrantStatus.ACTIVE, afterErin.status());
    assertEquals(List.of("group:sre=" + BOB, "group:security=" + ERIN), stages(afterErin));
  }

  @Test
  void anApproverOnlyByCapabilityFillsNoStage() {
    GrantWorkflow wf =
        stack.request(
            "db-staged", "alice@example.com", "alice-laptop", Duration.ofMinutes(30), "x");
    GrantView pending = stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    String id = WorkflowTestStack.grantId(wf);
    assertTrue(pending.roleCapability() != null, "the grant accepts capability roles");
    CapabilityRoles approves = new CapabilityRoles(Set.of(), Set.of("db-staged"), false);

    // The capability names dave an approver of the type, but no stage names him.
    for (Runnable decide :
        List.<Runnable>of(
            () -> wf.approve(new Decision(DAVE, "ok", id, approves)),
            () -> wf.deny(new Decision(DAVE, "no", id, approves)))) {
      Refusal r =
          RefusalFailures.fromFailure(assertThrows(WorkflowUpdateException.class, decide::run))
              .orElseThrow();
      assertEquals("forbidden", r.code());
    }
    GrantView afterBob = wf.approve(new Decision(BOB, "sre", id, approves));
    assertEquals(GrantStatus.PENDING_APPROVAL, afterBob.status());
    assertFalse(afterBob.approvals().get(0).byCapability(), "bob is named: no capability needed");

    // Nor does the approval workflow count a vote marked as by capability, whoever sends it.
    stack
        .client
        .newWorkflowStub(ApprovalWorkflow.class, GrantIds.approvalWorkflowId(id))
        .decide(new ApprovalDecision(DAVE, true, "ok", Instant.now(), id, true));
    GrantView afterFrank = wf.approve(new Decision(FRANK, "security", id, null));
    assertEquals(GrantStatus.ACTIVE, afterFrank.status());
    ApprovalResult result =
        stack
            .client
            .newUntypedWorkflowStub(GrantIds.approvalWorkflowId(id))
            .getResult(ApprovalResult.class);
    assertEquals(
        List.of(BOB, FRANK),
        result.decisions().stream().map(ApprovalDecision::actor).toList(),
        "dave's vote was never counted");
    assertEquals(List.of("group:sre=" + BOB, "group:security=" + FRANK), stages(afterFrank));
  }
}
