package io.tailgrant.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A workflow that does not accept an Update yet (its worker is busy or down) ends the call within
 * its budget instead of holding it for the SDK's minute, and the next call attaches to the same
 * Update: it runs once however often it was sent.
 */
class UpdateWithStartTest {
  private static final String QUEUE = "update-with-start-test";

  private final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  private final AtomicInteger sends = new AtomicInteger();

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void anUpdateNotAcceptedInTimeEndsTheCallAndTheNextCallAttachesToIt() throws Exception {
    env.newWorker(QUEUE).registerWorkflowImplementationTypes(CounterImpl.class);

    // No worker polls yet: the Update stays admitted, never accepted.
    assertThrows(
        TimeoutException.class,
        () ->
            UpdateWithStart.untilAccepted(
                Duration.ofMillis(1500), Duration.ofMillis(500), this::addOne));
    int sentWhileNobodyRan = sends.get();

    env.start();
    WorkflowUpdateHandle<Integer> handle =
        UpdateWithStart.untilAccepted(Duration.ofSeconds(30), Duration.ofSeconds(5), this::addOne);

    assertEquals(1, handle.getResult(), "the Update ran once");
    assertEquals(
        1, env.getWorkflowClient().newWorkflowStub(Counter.class, "counter").total(), "and once");
    assertTrue(sentWhileNobodyRan >= 2, "sent again while not accepted: " + sends.get());
  }

  /** A new update-with-start each time, the Update always {@code add-one}. */
  private WorkflowUpdateHandle<Integer> addOne() {
    sends.incrementAndGet();
    Counter counter =
        env.getWorkflowClient()
            .newWorkflowStub(
                Counter.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("counter")
                    .setTaskQueue(QUEUE)
                    .setWorkflowIdConflictPolicy(
                        WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                    .build());
    return WorkflowClient.startUpdateWithStart(
        counter::add,
        1,
        UpdateOptions.<Integer>newBuilder()
            .setUpdateId("add-one")
            .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
            .build(),
        new WithStartWorkflowOperation<>(counter::run));
  }

  /** Counts what it is asked to add. */
  @WorkflowInterface
  public interface Counter {
    @WorkflowMethod
    void run();

    @UpdateMethod
    int add(int n);

    @QueryMethod
    int total();
  }

  /** The counter. */
  public static class CounterImpl implements Counter {
    private int total;

    @Override
    public void run() {
      Workflow.await(() -> false);
    }

    @Override
    public int add(int n) {
      total += n;
      return total;
    }

    @Override
    public int total() {
      return total;
    }
  }
}
