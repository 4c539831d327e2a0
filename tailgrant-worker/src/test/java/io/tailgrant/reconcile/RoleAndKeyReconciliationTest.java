package io.tailgrant.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.sim.FaultInjector;
import io.tailgrant.tailnet.TailscaleApiClient;
import io.tailgrant.worker.TailGrantWorker;
import io.tailgrant.worker.WorkflowTestStack;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation of roles and auth keys: a role lowered by hand during its grant is put back, a
 * role TailGrant set that no active grant holds is restored, and a key TailGrant minted whose grant
 * no longer runs is deleted.
 */
class RoleAndKeyReconciliationTest {
  private static final Duration INTERVAL = Duration.ofMinutes(1);
  private static final String ALICE = "alice@example.com";
  private WorkflowTestStack stack;

  @BeforeEach
  void start() {
    stack = new WorkflowTestStack();
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  private void reconcileOnce() {
    stack.env.sleep(INTERVAL.plusSeconds(5));
  }

  private void await(String what, BooleanSupplier done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // poll interval
    }
  }

  @Test
  void aRoleLoweredByHandDuringItsGrantIsPutBackWithinOneInterval() {
    GrantWorkflow wf = stack.requestTailnet("net-admin", ALICE, Duration.ofHours(1));
    stack.awaitStatus(wf, GrantStatus.ACTIVE);
    stack.awaitListed(wf, GrantStatus.ACTIVE);
    TailGrantWorker.startReconciliation(stack.client, WorkflowTestStack.TASK_QUEUE, INTERVAL);
    stack.sim.state().setRole(ALICE, "member");

    reconcileOnce();
    await("alice's role was never put back", () -> stack.role(ALICE).equals("network-admin"));
    assertEquals(GrantStatus.ACTIVE, wf.view().status());
  }

  @Test
  void aRoleTailGrantSetThatNoActiveGrantHoldsIsRestored() {
    GrantWorkflow wf = stack.requestTailnet("net-admin", ALICE, Duration.ofMinutes(30));
    stack.awaitStatus(wf, GrantStatus.ACTIVE);
    // The API refuses everything across the end: the restore is refused and the role stays.
    stack.sim.faults().set(new FaultInjector.Faults(1.0, 400, 0.0, null, 0L));
    // Slept, not waited for with getResult: that lets the test server skip to any timer at all.
    stack.env.sleep(Duration.ofMinutes(31));
    assertEquals(GrantStatus.EXPIRED, stack.awaitStatus(wf, GrantStatus.EXPIRED).status());
    assertEquals("network-admin", stack.role(ALICE));
    stack.sim.faults().clear();

    TailGrantWorker.startReconciliation(stack.client, WorkflowTestStack.TASK_QUEUE, INTERVAL);
    await("alice's role was never restored", () -> stack.role(ALICE).equals("member"));
    ReconciliationWorkflow loop =
        stack.client.newWorkflowStub(
            ReconciliationWorkflow.class, ReconciliationWorkflow.WORKFLOW_ID);
    await(
        "no sweep reported alice",
        () -> loop.lastSweep() != null && loop.lastSweep().rolesDrifted().contains(ALICE));
  }

  @Test
  void aKeyWhoseGrantNoLongerRunsIsDeletedAndOthersAreLeftAlone() {
    TailscaleApiClient api =
        TailscaleApiClient.create(
            stack.sim.baseUrl(),
            "-",
            WorkflowTestStack.CLIENT_ID,
            WorkflowTestStack.CLIENT_SECRET,
            stack::now);
    String orphan =
        api.createAuthKey(List.of("tag:ci"), false, true, 3600, "tailgrant g-gone00000000").id();
    String someoneElses =
        api.createAuthKey(List.of("tag:ci"), false, true, 3600, "build farm").id();
    // The first sweep runs at once; no time passes, so its report is still the last one.
    TailGrantWorker.startReconciliation(stack.client, WorkflowTestStack.TASK_QUEUE, INTERVAL);
    await(
        "the orphan key was never deleted", () -> !stack.sim.state().authKeyIds().contains(orphan));
    assertTrue(stack.sim.state().authKeyIds().contains(someoneElses));
    ReconciliationWorkflow loop =
        stack.client.newWorkflowStub(
            ReconciliationWorkflow.class, ReconciliationWorkflow.WORKFLOW_ID);
    await(
        "no sweep reported the key",
        () -> loop.lastSweep() != null && loop.lastSweep().authKeysRemoved() == 1);
    assertFalse(loop.lastSweep().drifted().contains(orphan));
  }
}
