package io.tailgrant.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.grant.GrantIds;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.grant.RevokeRequest;
import io.tailgrant.worker.WorkflowTestStack;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceTagManagerWorkflowTest {
  private WorkflowTestStack stack;

  @BeforeEach
  void start() {
    stack = new WorkflowTestStack(3); // continue-as-new after 3 changes, to exercise the hand-over
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  private DeviceTagManagerWorkflow manager(String host) {
    return stack.client.newWorkflowStub(
        DeviceTagManagerWorkflow.class, GrantIds.deviceWorkflowId(stack.device(host).nodeId()));
  }

  @Test
  void accessEndsAtItsEndTimeEvenIfTheGrantWorkflowWasTerminated() {
    GrantWorkflow wf =
        stack.request("ci-deploy", "alice@example.com", "ci-runner-1", Duration.ofMinutes(30), "x");
    stack.awaitStatus(wf, GrantStatus.ACTIVE);
    // Terminating with an activity in flight would leave the test server's clock locked for good.
    stack.awaitPublished(wf, GrantStatus.ACTIVE);
    WorkflowStub.fromTyped(wf).terminate("operator mistake");
    assertTrue(stack.device("ci-runner-1").tags().contains("tag:deploy"));

    stack.env.sleep(Duration.ofMinutes(31));
    assertEquals(List.of("tag:ci"), stack.device("ci-runner-1").tags());
    assertTrue(manager("ci-runner-1").held().isEmpty());
  }

  @Test
  void continueAsNewKeepsWhatActiveGrantsHold() {
    GrantWorkflow longLived =
        stack.request("ci-deploy", "alice@example.com", "ci-runner-1", Duration.ofHours(1), "x");
    stack.awaitStatus(longLived, GrantStatus.ACTIVE);
    String firstRun =
        stack
            .client
            .newUntypedWorkflowStub(GrantIds.deviceWorkflowId(stack.device("ci-runner-1").nodeId()))
            .describe()
            .getExecution()
            .getRunId();
    for (int i = 0; i < 4; i++) {
      GrantWorkflow shortLived =
          stack.request(
              "ci-deploy", "bob@example.com", "ci-runner-1", Duration.ofHours(1), "y" + i);
      stack.awaitStatus(shortLived, GrantStatus.ACTIVE);
      shortLived.revoke(
          new RevokeRequest("bob@example.com", null, WorkflowTestStack.grantId(shortLived), null));
    }
    String laterRun =
        stack
            .client
            .newUntypedWorkflowStub(GrantIds.deviceWorkflowId(stack.device("ci-runner-1").nodeId()))
            .describe()
            .getExecution()
            .getRunId();
    assertNotEquals(firstRun, laterRun, "the manager should have continued as new");
    List<DeviceAsset> held = manager("ci-runner-1").held();
    assertEquals(1, held.size());
    assertEquals(
        WorkflowStub.fromTyped(longLived).getExecution().getWorkflowId(),
        GrantIds.grantWorkflowId(held.get(0).grantId()));
    assertEquals(List.of("tag:ci", "tag:deploy"), stack.device("ci-runner-1").tags());

    assertEquals(GrantStatus.EXPIRED, stack.result(longLived).status());
    assertEquals(List.of("tag:ci"), stack.device("ci-runner-1").tags());
  }

  @Test
  void concurrentGrantsOnOneDeviceAreSerializedAndAllLand() {
    List<GrantWorkflow> grants =
        List.of(
            stack.request(
                "ssh-prod", "alice@example.com", "alice-laptop", Duration.ofHours(1), "a"),
            stack.request(
                "ssh-prod", "alice@example.com", "alice-laptop", Duration.ofHours(2), "b"),
            stack.request(
                "ssh-prod", "alice@example.com", "alice-laptop", Duration.ofMinutes(90), "c"));
    grants.forEach(g -> stack.awaitStatus(g, GrantStatus.ACTIVE));
    assertEquals(3, manager("alice-laptop").held().size());
    grants
        .get(1)
        .revoke(
            new RevokeRequest(
                "alice@example.com", null, WorkflowTestStack.grantId(grants.get(1)), null));
    assertTrue(stack.device("alice-laptop").attributes().containsKey("custom:tailgrant_ssh_prod"));
    grants
        .get(0)
        .revoke(
            new RevokeRequest(
                "alice@example.com", null, WorkflowTestStack.grantId(grants.get(0)), null));
    grants
        .get(2)
        .revoke(
            new RevokeRequest(
                "alice@example.com", null, WorkflowTestStack.grantId(grants.get(2)), null));
    assertFalse(stack.device("alice-laptop").attributes().containsKey("custom:tailgrant_ssh_prod"));
  }
}
