package io.tailgrant.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tailgrant.grant.Decision;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.grant.Refusal;
import io.tailgrant.grant.RefusalFailures;
import io.tailgrant.grant.TimelineEvent;
import io.tailgrant.grant.Withdrawal;
import io.tailgrant.worker.WorkflowTestStack;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tailscale events on the time-skipping stack: offboarding ends everything a person requested and
 * withdraws their approvals, a deleted device's grants end, a policy change ends pending
 * capability-derived grants, and an event is handled once however often it is delivered.
 */
class TailnetEventWorkflowTest {
  private static final String ALICE = "alice@example.com";
  private static final String BOB = "bob@example.com";
  private static final String SSH = "custom:tailgrant_ssh_prod";
  private static final Duration HALF_HOUR = Duration.ofMinutes(30);

  private WorkflowTestStack stack;

  @BeforeEach
  void start() {
    stack = new WorkflowTestStack();
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  private TailnetEventInput event(
      TailnetEventAction action, String type, String subject, Set<String> capabilityTypes) {
    return new TailnetEventInput(
        action,
        type,
        stack.now(),
        subject,
        "Tailscale says " + type + " " + subject,
        stack.now(),
        capabilityTypes);
  }

  /**
   * Starts the event's workflow as the server does, lets (skipped) time run past its second sweep
   * and no further (pending grants' approval timeouts stay ahead), and returns its report.
   */
  private TailnetEventReport handle(TailnetEventInput event) {
    assertTrue(TailnetEvents.start(stack.client, WorkflowTestStack.TASK_QUEUE, event));
    stack.env.sleep(TailnetEventWorkflowImpl.SECOND_SWEEP_AFTER.plusSeconds(5));
    String id = TailnetEventRules.workflowId(event);
    WorkflowStub wf = stack.client.newUntypedWorkflowStub(id);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (wf.describe().getStatus()
        != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      assertTrue(System.nanoTime() < deadline, "event workflow " + id + " did not complete");
      LockSupport.parkNanos(5_000_000L); // poll interval, not a wait for a duration
    }
    return stack.client.newWorkflowStub(TailnetEventWorkflow.class, id).report();
  }

  /** The grant's final view, polled (not awaited as a result, which would let time run on). */
  private GrantView ended(GrantWorkflow wf, GrantStatus status) {
    return stack.awaitStatus(wf, status);
  }

  private GrantWorkflow requestAndWait(
      String type, String login, String target, GrantStatus status) {
    GrantWorkflow wf = stack.request(type, login, target, HALF_HOUR, "work");
    stack.awaitStatus(wf, status);
    stack.awaitListed(wf, status);
    return wf;
  }

  private static TimelineEvent last(GrantView v, String action) {
    return v.timeline().stream()
        .filter(e -> e.action().equals(action))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no '" + action + "' in " + v.timeline()));
  }

  @Test
  void offboardingEndsEveryGrantOfThePersonAndWithdrawsTheirApprovals() throws Exception {
    GrantWorkflow bobActive = requestAndWait("ssh-prod", BOB, "bob-laptop", GrantStatus.ACTIVE);
    GrantWorkflow bobPending =
        requestAndWait("db-admin", BOB, "bob-laptop", GrantStatus.PENDING_APPROVAL);
    GrantWorkflow aliceRoot =
        requestAndWait("db-root", ALICE, "alice-laptop", GrantStatus.PENDING_APPROVAL);
    String rootId = WorkflowTestStack.grantId(aliceRoot);
    aliceRoot.approve(new Decision(BOB, "one of two", rootId, null));
    GrantWorkflow aliceActive =
        requestAndWait("ssh-prod", ALICE, "alice-laptop", GrantStatus.ACTIVE);
    assertTrue(stack.device("bob-laptop").attributes().containsKey(SSH));

    TailnetEventInput deleted = event(TailnetEventAction.OFFBOARD, "userDeleted", BOB, Set.of());
    TailnetEventReport report = handle(deleted);

    assertEquals(new TailnetEventReport(2, 1, 0), report);
    GrantView active = ended(bobActive, GrantStatus.REVOKED);
    TimelineEvent revoke = last(active, "revoke requested");
    assertEquals("tailscale:userDeleted", revoke.actor());
    assertTrue(revoke.detail().contains("Tailscale says userDeleted"), revoke.detail());
    assertFalse(stack.device("bob-laptop").attributes().containsKey(SSH), "access removed");
    // A pending request of someone who is gone is refused, with the event as the reason.
    TimelineEvent denied = last(ended(bobPending, GrantStatus.DENIED), "denied");
    assertEquals("tailscale:userDeleted", denied.actor());
    assertTrue(denied.detail().contains("Tailscale says userDeleted"), denied.detail());
    assertEquals(GrantStatus.ACTIVE, aliceActive.view().status(), "alice's grant is not bob's");

    // Bob's approval no longer counts: one more approval is one of two again.
    GrantView root = aliceRoot.view();
    assertEquals(GrantStatus.PENDING_APPROVAL, root.status());
    assertEquals(List.of(), root.approvals());
    assertEquals("tailscale:userDeleted", last(root, "approval withdrawn").actor());
    GrantView afterErin = aliceRoot.approve(new Decision("erin@example.com", "two?", rootId, null));
    assertEquals(GrantStatus.PENDING_APPROVAL, afterErin.status(), "the withdrawn one is gone");
    GrantView afterCarol =
        aliceRoot.approve(new Decision("carol@example.com", "two", rootId, null));
    assertEquals(GrantStatus.ACTIVE, afterCarol.status());

    // The event's own audit trail: received, one line per step, handled.
    String prefix = TailnetEventRules.workflowId(deleted) + "/";
    List<String> lines = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readString(stack.auditFile).split("\n")) {
      JsonNode e = json.readTree(line);
      if (e.get("id").asText().startsWith(prefix)) {
        assertEquals("tailscale:userDeleted", e.get("actor").asText());
        lines.add(e.get("action").asText());
      }
    }
    assertEquals("tailscale event", lines.get(0));
    assertEquals("tailscale event handled", lines.get(lines.size() - 1));
    assertEquals(2, lines.stream().filter("grant revoked"::equals).count(), lines.toString());
    assertEquals(1, lines.stream().filter("approval withdrawn"::equals).count(), lines.toString());
  }

  @Test
  void aRedeliveredEventIsHandledOnce() {
    GrantWorkflow bob = requestAndWait("ssh-prod", BOB, "bob-laptop", GrantStatus.ACTIVE);
    TailnetEventInput suspended =
        event(TailnetEventAction.OFFBOARD, "userSuspended", BOB, Set.of());

    assertEquals(1, handle(suspended).revoked());
    ended(bob, GrantStatus.REVOKED);
    assertFalse(
        TailnetEvents.start(stack.client, WorkflowTestStack.TASK_QUEUE, suspended),
        "the same event again starts nothing");
  }

  @Test
  void aDeletedDevicesGrantsEndEvenThoughTheDeviceIsGone() {
    GrantWorkflow ci = requestAndWait("ci-deploy", ALICE, "ci-runner-1", GrantStatus.ACTIVE);
    GrantWorkflow k8s = stack.requestKubernetes("k8s-view", ALICE, HALF_HOUR);
    stack.awaitStatus(k8s, GrantStatus.ACTIVE);
    stack.awaitListed(k8s, GrantStatus.ACTIVE);
    GrantWorkflow ssh = requestAndWait("ssh-prod", ALICE, "alice-laptop", GrantStatus.ACTIVE);

    // As Tailscale does: the device is gone before the event is sent.
    String runner = stack.sim.state().deleteDevice("ci-runner-1").nodeId();
    TailnetEventReport first =
        handle(event(TailnetEventAction.NODE_DELETED, "nodeDeleted", runner, Set.of()));

    assertEquals(1, first.revoked());
    // Removal from a device that is gone ends (it does not retry forever).
    GrantView ciEnded = ended(ci, GrantStatus.REVOKED);
    assertEquals("tailscale:nodeDeleted", last(ciEnded, "revoke requested").actor());
    assertEquals(GrantStatus.ACTIVE, k8s.view().status());
    assertEquals(GrantStatus.ACTIVE, ssh.view().status());

    // Alice's laptop: the grant that targets it and the one requested from it.
    String laptop = stack.sim.state().deleteDevice("alice-laptop").nodeId();
    TailnetEventReport second =
        handle(event(TailnetEventAction.NODE_DELETED, "nodeDeleted", laptop, Set.of()));

    assertEquals(2, second.revoked());
    ended(ssh, GrantStatus.REVOKED);
    ended(k8s, GrantStatus.REVOKED);
  }

  @Test
  void aPolicyChangeEndsPendingCapabilityDerivedGrantsOnly() {
    GrantWorkflow capability =
        requestAndWait("db-admin", ALICE, "alice-laptop", GrantStatus.PENDING_APPROVAL);
    GrantWorkflow other =
        requestAndWait("db-root", ALICE, "alice-laptop", GrantStatus.PENDING_APPROVAL);
    GrantWorkflow active = requestAndWait("ssh-prod", BOB, "bob-laptop", GrantStatus.ACTIVE);

    TailnetEventReport report =
        handle(
            event(
                TailnetEventAction.POLICY_UPDATE,
                "policyUpdate",
                null,
                Set.of("db-admin", "ssh-prod")));

    assertEquals(new TailnetEventReport(1, 0, 0), report);
    assertEquals(
        "tailscale:policyUpdate", last(ended(capability, GrantStatus.DENIED), "denied").actor());
    assertEquals(GrantStatus.PENDING_APPROVAL, other.view().status());
    assertEquals(GrantStatus.ACTIVE, active.view().status(), "only pending grants are re-read");
  }

  @Test
  void onlyTailGrantItselfWithdrawsAndItNeverApproves() {
    GrantWorkflow root =
        requestAndWait("db-root", ALICE, "alice-laptop", GrantStatus.PENDING_APPROVAL);
    String id = WorkflowTestStack.grantId(root);
    root.approve(new Decision(BOB, "ok", id, null));

    Refusal person =
        refusal(() -> root.withdraw(new Withdrawal("erin@example.com", BOB, "mine now", id)));
    assertEquals("forbidden", person.code());
    Refusal none =
        refusal(
            () ->
                root.withdraw(
                    new Withdrawal("tailscale:userDeleted", "erin@example.com", "x", id)));
    assertEquals("no_approval", none.code());
    Refusal approve =
        refusal(() -> root.approve(new Decision("tailscale:userDeleted", "x", id, null)));
    assertEquals("forbidden", approve.code());

    assertEquals(1, root.view().approvals().size(), "nothing changed");
    WorkflowStub.fromTyped(root).terminate("test over");
  }

  private static Refusal refusal(Runnable call) {
    return RefusalFailures.fromFailure(assertThrows(WorkflowUpdateException.class, call::run))
        .orElseThrow();
  }
}
