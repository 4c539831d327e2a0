package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.approval.ApprovalDecision;
import io.tailgrant.approval.ApprovalWorkflow;
import io.tailgrant.worker.Forge;
import io.tailgrant.worker.WorkflowTestStack;
import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Someone who can reach Temporal is not an approver: the worker runs only grants whose snapshot its
 * own config describes, started fresh under their own id, and takes decisions only for the grant
 * they name. (Payloads must also be sealed with TailGrant's key; see PayloadEncryptionTest.)
 */
class GrantAdmissionTest {
  private static final String DB = "custom:tailgrant_db_admin";
  private WorkflowTestStack stack;

  @BeforeEach
  void start() {
    stack = new WorkflowTestStack();
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  private static GrantInput withSpec(GrantInput in, GrantSpec spec) {
    return Forge.with(in, "spec", spec);
  }

  /** {@code s} under another name and risk: what someone with Temporal access might send. */
  private static GrantSpec forged(GrantSpec s, String name, Risk risk) {
    return Forge.with(Forge.with(s, "name", name), "risk", risk);
  }

  private void assertRefused(GrantWorkflow wf, String why) {
    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.FAILED, done.status(), done::toString);
    assertTrue(String.valueOf(done.failure()).contains(why), done.failure());
    assertFalse(stack.device("alice-laptop").attributes().containsKey(DB), "no access was given");
  }

  @Test
  void aSnapshotThatDiffersFromTheWorkersConfigIsRefused() {
    GrantInput honest = stack.input("db-admin", "alice@example.com", Duration.ofHours(1));
    GrantInput forged = withSpec(honest, forged(honest.spec(), honest.spec().name(), Risk.LOW));

    assertRefused(
        stack.start(forged, GrantIds.grantWorkflowId(forged.grantId())),
        "differs from the worker's config in risk");
  }

  @Test
  void aGrantTypeTheWorkerDoesNotKnowIsRefused() {
    GrantInput honest = stack.input("db-admin", "alice@example.com", Duration.ofHours(1));
    GrantSpec unknown = forged(honest.spec(), "root-everything", Risk.LOW);

    assertRefused(
        stack.start(withSpec(honest, unknown), GrantIds.grantWorkflowId(honest.grantId())),
        "no grant type 'root-everything'");
  }

  @Test
  void aRunStartedLongAfterItsRequestIsRefused() {
    GrantInput in = stack.input("ssh-prod", "alice@example.com", Duration.ofHours(1));
    GrantInput replayed =
        new GrantInput(
            in.grantId(),
            in.spec(),
            in.requester(),
            in.target(),
            in.duration(),
            in.reason(),
            in.requestedAt().minus(Duration.ofHours(3)),
            in.limits(),
            null,
            null,
            false,
            null);

    GrantView done = stack.result(stack.start(replayed, GrantIds.grantWorkflowId(in.grantId())));
    assertEquals(GrantStatus.FAILED, done.status());
    assertTrue(done.failure().contains("fresh request"), done.failure());
    assertFalse(stack.device("alice-laptop").attributes().containsKey("custom:tailgrant_ssh_prod"));
  }

  @Test
  void aGrantStartedUnderAnotherIdIsRefused() {
    GrantInput in = stack.input("ssh-prod", "alice@example.com", Duration.ofHours(1));

    GrantView done = stack.result(stack.start(in, GrantIds.grantWorkflowId(GrantIds.newGrantId())));
    assertEquals(GrantStatus.FAILED, done.status());
    assertTrue(done.failure().contains("was started as"), done.failure());
  }

  @Test
  void aDecisionCopiedFromAnotherGrantIsRefused() {
    GrantWorkflow first =
        stack.request("db-admin", "alice@example.com", "alice-laptop", Duration.ofHours(1), "a");
    GrantWorkflow second =
        stack.request("db-admin", "alice@example.com", "alice-laptop", Duration.ofHours(1), "b");
    stack.awaitStatus(second, GrantStatus.PENDING_APPROVAL);

    WorkflowUpdateException e =
        assertThrows(
            WorkflowUpdateException.class,
            () ->
                second.approve(
                    new Decision("bob@example.com", "ok", WorkflowTestStack.grantId(first), null)));
    Refusal r = RefusalFailures.fromFailure(e).orElseThrow();
    assertEquals(Refusal.Kind.FORBIDDEN, r.kind());
    assertEquals(GrantStatus.PENDING_APPROVAL, second.view().status());
    assertThrows(
        WorkflowUpdateException.class,
        () -> second.approve(new Decision("bob@example.com", "ok", null, null)));
  }

  /**
   * The approval child takes signals from anyone who reaches Temporal: only those naming its grant
   * count.
   */
  @Test
  void anApprovalSignalForAnotherGrantIsIgnored() {
    GrantWorkflow wf =
        stack.request("db-admin", "alice@example.com", "alice-laptop", Duration.ofHours(1), "x");
    stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    String id = WorkflowTestStack.grantId(wf);
    ApprovalWorkflow approval =
        stack.client.newWorkflowStub(ApprovalWorkflow.class, GrantIds.approvalWorkflowId(id));

    approval.decide(
        new ApprovalDecision(
            "bob@example.com", true, "copied", stack.now(), GrantIds.newGrantId(), false));
    approval.decide(
        new ApprovalDecision("bob@example.com", true, "unbound", stack.now(), null, false));
    GrantView denied = wf.deny(new Decision("erin@example.com", "no", id, null));

    assertEquals(GrantStatus.DENIED, denied.status(), "the copied approvals were not counted");
    assertFalse(stack.device("alice-laptop").attributes().containsKey(DB));
  }

  @Test
  void anExtensionBelowTheSmallestIsRefused() {
    GrantWorkflow wf =
        stack.request("ssh-prod", "alice@example.com", "alice-laptop", Duration.ofHours(1), "x");
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);

    WorkflowUpdateException e =
        assertThrows(
            WorkflowUpdateException.class,
            () ->
                wf.extend(
                    new ExtendRequest(
                        "alice@example.com", Duration.ofNanos(1), WorkflowTestStack.grantId(wf))));
    Refusal r = RefusalFailures.fromFailure(e).orElseThrow();
    assertEquals("extension_too_small", r.code());
    assertEquals(400, r.kind().httpStatus);
    assertEquals(active.expiresAt(), wf.view().expiresAt());
  }

  @Test
  void overlongFreeTextIsRefused() {
    GrantWorkflow wf =
        stack.request("ssh-prod", "alice@example.com", "alice-laptop", Duration.ofHours(1), "x");
    stack.awaitStatus(wf, GrantStatus.ACTIVE);

    WorkflowUpdateException e =
        assertThrows(
            WorkflowUpdateException.class,
            () ->
                wf.revoke(
                    new RevokeRequest(
                        "alice@example.com",
                        "x".repeat(501),
                        WorkflowTestStack.grantId(wf),
                        null)));
    assertEquals("reason_too_long", RefusalFailures.fromFailure(e).orElseThrow().code());
    assertEquals(GrantStatus.ACTIVE, wf.view().status());
  }
}
