package io.tailgrant.reconcile;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * Singleton, id {@code reconcile}: every interval one sweep compares the tailnet with what active
 * grants hold and has the drifted devices' managers write them back; continues as new each cycle,
 * so its history stays a few events long.
 */
@WorkflowInterface
public interface ReconciliationWorkflow {
  String WORKFLOW_ID = "reconcile";

  @WorkflowMethod
  void run(ReconcileState state);

  /**
   * A config change of the interval reaches the running loop this way (worker start-up sends it).
   */
  @SignalMethod
  void setInterval(Duration interval);

  @QueryMethod
  SweepReport lastSweep();
}
