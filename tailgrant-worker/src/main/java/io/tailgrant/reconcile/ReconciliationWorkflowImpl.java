package io.tailgrant.reconcile;

import io.tailgrant.audit.LogSafe;
import io.tailgrant.kubernetes.KubernetesActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Sweep, wait one interval, continue as new. A failed sweep is logged and the next one tries again.
 */
public class ReconciliationWorkflowImpl implements ReconciliationWorkflow {
  private static final Logger log = Workflow.getLogger(ReconciliationWorkflowImpl.class);
  private final ReconcileActivities activities =
      Workflow.newActivityStub(
          ReconcileActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
              .build());
  private final KubernetesActivities kubernetes =
      Workflow.newActivityStub(
          KubernetesActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
              .build());
  private Duration interval;
  private SweepReport last;

  @WorkflowInit
  public ReconciliationWorkflowImpl(ReconcileState state) {
    this.interval = state.interval();
    this.last = state.last();
  }

  @Override
  public void run(ReconcileState ignored) {
    try {
      last = activities.sweep();
    } catch (ActivityFailure e) {
      log.warn(
          "reconciliation sweep failed; the next interval tries again: {}",
          LogSafe.quote(e.getMessage()));
    }
    // Added with the kubernetes kind: histories recorded before it never ran this activity.
    if (Workflow.getVersion("kubernetes-orphans", Workflow.DEFAULT_VERSION, 1) >= 1) {
      try {
        int removed = kubernetes.removeOrphans();
        if (last != null) {
          last = last.withKubernetesOrphansRemoved(removed);
        }
      } catch (ActivityFailure e) {
        log.warn(
            "kubernetes orphan sweep failed; the next interval tries again: {}",
            LogSafe.quote(e.getMessage()));
      }
    }
    Duration wait = interval;
    Workflow.await(wait, () -> !interval.equals(wait));
    Workflow.await(Workflow::isEveryHandlerFinished);
    Workflow.continueAsNew(new ReconcileState(interval, last));
  }

  @Override
  public void setInterval(Duration newInterval) {
    if (newInterval != null && !newInterval.isNegative() && !newInterval.isZero()) {
      interval = newInterval;
    }
  }

  @Override
  public SweepReport lastSweep() {
    return last;
  }
}
