package io.tailgrant.dev.bench;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;

/**
 * Prints a workflow's history as milliseconds since a moment the bench took: where a round's time
 * went, event by event ({@code --trace}).
 */
final class HistoryTrace {
  private HistoryTrace() {}

  static void print(WorkflowClient client, String workflowId, long sinceEpochMillis) {
    WorkflowExecutionHistory history = client.fetchHistory(workflowId);
    System.out.println("  " + workflowId + " (events since then):");
    for (HistoryEvent e : history.getEvents()) {
      long at = e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000;
      if (at < sinceEpochMillis) {
        continue;
      }
      System.out.printf(
          "    %+6d ms  %s%n", at - sinceEpochMillis, e.getEventType().name().substring(11));
    }
  }
}
