package io.tailgrant.directory;

import io.tailgrant.grant.GrantIds;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;

/** Signal-with-start, so a summary is never lost because the directory was not running. */
public final class DirectoryActivitiesImpl implements DirectoryActivities {
  private final WorkflowClient client;
  private final String taskQueue;

  public DirectoryActivitiesImpl(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  @Override
  public void publish(GrantSummary summary) {
    GrantDirectoryWorkflow directory = client.newWorkflowStub(GrantDirectoryWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(GrantIds.DIRECTORY_WORKFLOW_ID).setTaskQueue(taskQueue).build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(directory::run, DirectoryState.initial());
    request.add(directory::record, summary);
    client.signalWithStart(request);
  }
}
