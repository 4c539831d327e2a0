package io.tailgrant.grant;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The workflow's clock, and timers that leave nothing behind. Workflow code. */
final class WorkflowTimers {
  private WorkflowTimers() {}

  /** The workflow's own time (deterministic on replay). */
  static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  /**
   * Waits {@code delay} unless {@code moveOn} holds first; true when the timer fired. A timer that
   * did not fire is cancelled, so it never wakes the workflow later ({@code Workflow.await} with a
   * timeout leaves its timer running in this SDK's default mode).
   */
  static boolean fired(Duration delay, Supplier<Boolean> moveOn) {
    if (moveOn.get()) {
      return false;
    }
    List<Promise<Void>> timer = new ArrayList<>(1);
    CancellationScope scope =
        Workflow.newCancellationScope(() -> timer.add(Workflow.newTimer(delay)));
    scope.run();
    Workflow.await(() -> timer.get(0).isCompleted() || moveOn.get());
    if (moveOn.get()) {
      scope.cancel();
      return false;
    }
    return true;
  }
}
