package io.tailgrant.dev.bench;

import io.tailgrant.reconcile.ReconciliationWorkflow;
import io.tailgrant.reconcile.SweepReport;
import io.tailgrant.sim.SimDeviceView;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One reconcile sweep over a big tailnet: {@code drifted} of its tagged servers carry a tag that
 * TailGrant manages although no grant holds it (put there by hand), and a sweep must find and fix
 * them all with one device list. Then a second sweep over the clean tailnet, the steady state.
 * Sweep time is the sweep activity's own time in the reconcile workflow's history.
 */
final class ReconcileScenario {
  private static final String LIST_ROUTE = "GET /api/v2/tailnet/{tailnet}/devices";
  private static final String DRIFT_TAG = BenchTailnet.GRANT_TAGS.get(0);

  private int sweeps;

  void run(BenchStack stack, int drifted, BenchReport report) throws Exception {
    ReconciliationWorkflow loop =
        stack.client.newWorkflowStub(
            ReconciliationWorkflow.class, ReconciliationWorkflow.WORKFLOW_ID);
    SweepReport first = awaitSweepAfter(loop, null);
    List<String> servers =
        stack.sim.state().devices().stream()
            .filter(d -> !d.tags().isEmpty() && !d.tags().contains("tag:tailgrant"))
            .map(SimDeviceView::nodeId)
            .limit(drifted)
            .toList();
    if (servers.size() < drifted) {
      throw new IllegalStateException("only " + servers.size() + " tagged devices to drift");
    }
    for (String nodeId : servers) {
      List<String> tags = new ArrayList<>(stack.sim.state().device(nodeId).tags());
      tags.add(DRIFT_TAG);
      stack.sim.state().setTagsByHand(nodeId, tags);
    }
    report.figure(
        "devices in the tailnet", Integer.toString(stack.sim.state().deviceCount()), null);
    Instant asked = sweep(stack, loop, first, "sweep with " + drifted + " drifted devices", report);
    awaitNoDrift(stack, servers);
    report.figure(
        "drift fixed (tags removed by the devices' managers)",
        String.format(
            "%d of %d, all within %.1f s of asking for the sweep",
            drifted, drifted, Duration.between(asked, Instant.now()).toNanos() / 1e9),
        "all");
    SweepReport second = loop.lastSweep();
    sweep(stack, loop, second, "sweep of the clean tailnet (steady state)", report);
  }

  /**
   * Makes the loop sweep now (a changed interval ends its wait) and reports that sweep; returns
   * when it asked.
   */
  private Instant sweep(
      BenchStack stack,
      ReconciliationWorkflow loop,
      SweepReport before,
      String what,
      BenchReport report) {
    // A new interval ends the loop's wait; one that comes while it still sweeps is its next wait.
    awaitWaiting(stack);
    stack.sim.calls().reset();
    Instant asked = Instant.now();
    loop.setInterval(Duration.ofMinutes(60 + ++sweeps));
    SweepReport after = awaitSweepAfter(loop, before);
    long lists = stack.sim.calls().get(LIST_ROUTE);
    report.figure(what + ": time", String.format("%.0f ms", sweepMillis(stack)), "≤ 2 s");
    report.figure(
        what + ": device lists / attribute reads / drifted",
        String.format(
            "%d / %d / %d (%d devices listed)",
            lists, after.attributeReads(), after.drifted().size(), after.devicesListed()),
        "1 list");
    return asked;
  }

  private static SweepReport awaitSweepAfter(ReconciliationWorkflow loop, SweepReport before) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      SweepReport now;
      try {
        now = loop.lastSweep();
      } catch (RuntimeException e) {
        now = null; // the loop is between runs (continue-as-new): ask again
      }
      if (now != null && (before == null || now.at().isAfter(before.at()))) {
        return now;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    throw new IllegalStateException("no reconcile sweep within 3 minutes");
  }

  /** Until the loop's current run has swept and waits for its interval. */
  private static void awaitWaiting(BenchStack stack) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (stack
          .client
          .fetchHistory(ReconciliationWorkflow.WORKFLOW_ID)
          .getHistory()
          .getEventsList()
          .stream()
          .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED)) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    throw new IllegalStateException("the reconcile loop did not finish its sweep within 3 minutes");
  }

  /** The sweep activity's time, scheduled to completed, in the loop's current run. */
  private static double sweepMillis(BenchStack stack) {
    Instant scheduled = null;
    for (HistoryEvent e :
        stack
            .client
            .fetchHistory(ReconciliationWorkflow.WORKFLOW_ID)
            .getHistory()
            .getEventsList()) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED && scheduled == null) {
        scheduled = instant(e);
      } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
        return Duration.between(Objects.requireNonNull(scheduled), instant(e)).toNanos() / 1e6;
      }
    }
    throw new IllegalStateException("the sweep's activity has not completed");
  }

  private static Instant instant(HistoryEvent e) {
    return Instant.ofEpochSecond(e.getEventTime().getSeconds(), e.getEventTime().getNanos());
  }

  private static void awaitNoDrift(BenchStack stack, List<String> nodeIds) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      long left =
          nodeIds.stream()
              .filter(n -> stack.sim.state().device(n).tags().contains(DRIFT_TAG))
              .count();
      if (left == 0) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    throw new IllegalStateException("drift was not fixed within 5 minutes");
  }
}
