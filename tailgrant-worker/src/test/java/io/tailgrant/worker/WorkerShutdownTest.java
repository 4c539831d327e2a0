package io.tailgrant.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stopping a worker lets its running activities finish within the grace, then interrupts the rest.
 */
class WorkerShutdownTest {
  static final String QUEUE = "shutdown-test";

  /** An activity that runs until the test lets it finish. */
  @ActivityInterface
  public interface Slow {
    String work();
  }

  @WorkflowInterface
  public interface Calls {
    @WorkflowMethod
    String run();
  }

  public static class CallsImpl implements Calls {
    private final Slow slow =
        Workflow.newActivityStub(
            Slow.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(5)).build());

    @Override
    public String run() {
      return slow.work();
    }
  }

  static final class SlowImpl implements Slow {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicBoolean interrupted = new AtomicBoolean();
    final AtomicBoolean finished = new AtomicBoolean();

    @Override
    public String work() {
      started.countDown();
      try {
        release.await();
        finished.set(true);
        return "done";
      } catch (InterruptedException e) {
        interrupted.set(true);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
    }
  }

  private TestWorkflowEnvironment env;
  private SlowImpl slow;

  @BeforeEach
  void start() throws InterruptedException {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(CallsImpl.class);
    slow = new SlowImpl();
    worker.registerActivitiesImplementations(slow);
    env.start();
    Calls wf =
        env.getWorkflowClient()
            .newWorkflowStub(Calls.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build());
    WorkflowClient.start(wf::run);
    assertTrue(slow.started.await(30, TimeUnit.SECONDS), "the activity runs");
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void aRunningActivityFinishesBeforeTheWorkerStops() throws Exception {
    CompletableFuture<Boolean> stopping =
        CompletableFuture.supplyAsync(
            () -> WorkerShutdown.stop(env.getWorkerFactory(), Duration.ofSeconds(60)));
    assertFalse(stopping.isDone(), "stop waits for the running activity");
    slow.release.countDown();

    assertTrue(stopping.get(30, TimeUnit.SECONDS), "every task finished within the grace");
    assertTrue(slow.finished.get());
    assertFalse(slow.interrupted.get(), "nothing was interrupted");
  }

  @Test
  void pastTheGraceWhatIsLeftIsInterrupted() {
    assertEquals(false, WorkerShutdown.stop(env.getWorkerFactory(), Duration.ofMillis(200)));

    assertTrue(slow.interrupted.get(), "the activity was interrupted after the grace");
    assertFalse(slow.finished.get());
  }
}
