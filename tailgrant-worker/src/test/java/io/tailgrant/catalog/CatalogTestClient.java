package io.tailgrant.catalog;

import io.tailgrant.worker.WorkflowTestStack;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateStage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What tests do with the live catalogue: a config with it on, changes sent as the server does. */
public final class CatalogTestClient {
  private CatalogTestClient() {}

  /** The worker tests' config with live editing on, written to a file of its own. */
  public static Path liveConfig() {
    try (InputStream in = CatalogTestClient.class.getResourceAsStream("/test-config.yaml")) {
      Path file = Files.createTempDirectory("tailgrant-live").resolve("config.yaml");
      Files.writeString(
          file,
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              + "\nliveGrantTypes:\n  enabled: true\n");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static CatalogState state(WorkflowTestStack stack) {
    return stack
        .client
        .newWorkflowStub(GrantCatalogWorkflow.class, GrantCatalogWorkflow.WORKFLOW_ID)
        .state();
  }

  /** Sends {@code change} as the server does: update-with-start, the catalogue made if needed. */
  public static CatalogEntry send(WorkflowTestStack stack, CatalogChange change) {
    GrantCatalogWorkflow catalog =
        stack.client.newWorkflowStub(
            GrantCatalogWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(GrantCatalogWorkflow.WORKFLOW_ID)
                .setTaskQueue(WorkflowTestStack.TASK_QUEUE)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .build());
    return WorkflowClient.executeUpdateWithStart(
        catalog::change,
        change,
        UpdateOptions.<CatalogEntry>newBuilder()
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build(),
        new WithStartWorkflowOperation<>(catalog::run, CatalogState.empty(stack.now())));
  }
}
