package io.tailgrant.dev.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/** The benchmark's yardstick: start, one no-op activity, complete. */
final class BareRoundTrip {
  private BareRoundTrip() {}

  /** Returns how long (workflow time, ms) from its first task to its completion. */
  @WorkflowInterface
  public interface BareWorkflow {
    @WorkflowMethod
    long run();
  }

  /** Does nothing, on purpose. */
  @ActivityInterface
  public interface NoopActivity {
    void noop();
  }

  /** The no-op activity. */
  public static final class NoopActivityImpl implements NoopActivity {
    @Override
    public void noop() {}
  }

  /** Start → one no-op activity → complete. */
  public static final class BareWorkflowImpl implements BareWorkflow {
    private final NoopActivity activity =
        Workflow.newActivityStub(
            NoopActivity.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

    @Override
    public long run() {
      long start = Workflow.currentTimeMillis();
      activity.noop();
      return Workflow.currentTimeMillis() - start;
    }
  }
}
