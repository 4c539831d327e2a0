package io.tailgrant.directory;

import io.tailgrant.audit.AuditEvent;
import io.tailgrant.audit.AuditLog;
import io.tailgrant.grant.GrantIds;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Clock;
import java.util.List;

/**
 * Audit first (forced to disk), then signal-with-start, so a summary is never lost because the
 * directory was not running.
 */
public final class DirectoryActivitiesImpl implements DirectoryActivities {
  private final WorkflowClient client;
  private final String taskQueue;
  private final AuditLog audit;
  private final GrantMetrics metrics = new GrantMetrics(Clock.systemUTC());

  public DirectoryActivitiesImpl(WorkflowClient client, String taskQueue, AuditLog audit) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.audit = audit;
  }

  @Override
  public void publish(GrantSummary summary, List<AuditEvent> events) {
    audit.append(events);
    GrantDirectoryWorkflow directory =
        client.newWorkflowStub(
            GrantDirectoryWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(GrantIds.DIRECTORY_WORKFLOW_ID)
                .setTaskQueue(taskQueue)
                .build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(directory::run, DirectoryState.initial());
    request.add(directory::record, summary);
    client.signalWithStart(request);
    metrics.record(summary);
  }
}
