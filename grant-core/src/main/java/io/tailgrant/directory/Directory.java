package io.tailgrant.directory;

import io.tailgrant.grant.GrantIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.util.function.Function;

/** Reaches the singleton directory workflow, starting it first if it does not run yet. */
public final class Directory {
  private Directory() {}

  public static void ensureRunning(WorkflowClient client, String taskQueue) {
    GrantDirectoryWorkflow directory =
        client.newWorkflowStub(
            GrantDirectoryWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(GrantIds.DIRECTORY_WORKFLOW_ID)
                .setTaskQueue(taskQueue)
                .build());
    try {
      WorkflowClient.start(directory::run, DirectoryState.initial());
    } catch (WorkflowExecutionAlreadyStarted e) {
      // It runs already: the usual case.
    }
  }

  /** Calls the directory; if it is not there (a fresh cluster), starts it and calls once more. */
  public static <T> T call(
      WorkflowClient client, String taskQueue, Function<GrantDirectoryWorkflow, T> call) {
    GrantDirectoryWorkflow stub =
        client.newWorkflowStub(GrantDirectoryWorkflow.class, GrantIds.DIRECTORY_WORKFLOW_ID);
    try {
      return call.apply(stub);
    } catch (WorkflowNotFoundException e) {
      ensureRunning(client, taskQueue);
      return call.apply(
          client.newWorkflowStub(GrantDirectoryWorkflow.class, GrantIds.DIRECTORY_WORKFLOW_ID));
    }
  }
}
