package io.tailgrant.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.sim.SimDeviceView;
import io.tailgrant.worker.TailGrantWorker;
import io.tailgrant.worker.WorkflowTestStack;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed step 7: drift made by hand is corrected within one reconciliation interval. */
class ReconciliationTest {
  private static final Duration INTERVAL = Duration.ofMinutes(1);
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

  private SimDeviceView awaitDevice(String host, Predicate<SimDeviceView> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    SimDeviceView d = stack.device(host);
    while (!done.test(d)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("device " + host + " never reached the expected state: " + d);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // poll interval
      d = stack.device(host);
    }
    return d;
  }

  @Test
  void grantTagRemovedByHandIsRestoredWithinOneInterval() {
    GrantWorkflow wf =
        stack.request("ci-deploy", "alice@example.com", "ci-runner-1", Duration.ofHours(1), "x");
    stack.awaitStatus(wf, GrantStatus.ACTIVE);
    stack.awaitListed(wf, GrantStatus.ACTIVE);
    TailGrantWorker.startReconciliation(stack.client, WorkflowTestStack.TASK_QUEUE, INTERVAL);
    stack.sim.state().setTagsByHand("ci-runner-1", List.of("tag:ci"));

    reconcileOnce();
    assertEquals(
        List.of("tag:ci", "tag:deploy"),
        awaitDevice("ci-runner-1", d -> d.tags().contains("tag:deploy")).tags());
  }

  @Test
  void grantAttributeRemovedByHandIsRestoredWithItsExpiry() {
    GrantWorkflow wf =
        stack.request("ssh-prod", "alice@example.com", "alice-laptop", Duration.ofHours(1), "x");
    var active = stack.awaitStatus(wf, GrantStatus.ACTIVE);
    stack.awaitListed(wf, GrantStatus.ACTIVE);
    TailGrantWorker.startReconciliation(stack.client, WorkflowTestStack.TASK_QUEUE, INTERVAL);
    stack.sim.state().deleteAttribute("alice-laptop", "custom:tailgrant_ssh_prod");

    reconcileOnce();
    SimDeviceView laptop =
        awaitDevice("alice-laptop", d -> d.attributes().containsKey("custom:tailgrant_ssh_prod"));
    assertEquals(
        active.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
        laptop.attributes().get("custom:tailgrant_ssh_prod").expiry());
  }

  @Test
  void managedTagAddedByHandWithoutAGrantIsRemoved() {
    TailGrantWorker.startReconciliation(stack.client, WorkflowTestStack.TASK_QUEUE, INTERVAL);
    stack.sim.state().setTagsByHand("prod-db-1", List.of("tag:prod-db", "tag:deploy"));

    reconcileOnce();
    assertEquals(
        List.of("tag:prod-db"),
        awaitDevice("prod-db-1", d -> !d.tags().contains("tag:deploy")).tags());
  }

  @Test
  void oneDeviceListPerSweepHoweverManyDevices() {
    TailGrantWorker.startReconciliation(stack.client, WorkflowTestStack.TASK_QUEUE, INTERVAL);
    reconcileOnce();
    reconcileOnce();
    ReconciliationWorkflow loop =
        stack.client.newWorkflowStub(
            ReconciliationWorkflow.class, ReconciliationWorkflow.WORKFLOW_ID);
    SweepReport last = loop.lastSweep();
    assertEquals(stack.sim.state().devices().size(), last.devicesListed());
    long sweeps = stack.sim.calls().get("GET /api/v2/tailnet/{tailnet}/devices");
    assertTrue(sweeps >= 2 && sweeps <= 3, "one list call per sweep, got " + sweeps);
    assertEquals(
        0,
        stack.sim.calls().get("GET /api/v2/device/{deviceId}"),
        "no per-device reads without drift");
  }
}
