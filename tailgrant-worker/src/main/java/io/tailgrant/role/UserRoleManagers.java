package io.tailgrant.role;

import io.tailgrant.grant.GrantIds;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import java.time.Duration;
import java.util.Optional;

/**
 * Reaches a user's role manager with update-with-start, so the manager exists whenever it is
 * needed. Each change has its own update id, so a retried call attaches to the same Update instead
 * of repeating it.
 */
public final class UserRoleManagers {
  static final Duration WORKFLOW_TASK_TIMEOUT = Duration.ofSeconds(3);
  private final WorkflowClient client;
  private final String taskQueue;
  private final int continueAsNewAfter;

  public UserRoleManagers(WorkflowClient client, String taskQueue, int continueAsNewAfter) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.continueAsNewAfter = continueAsNewAfter;
  }

  /**
   * A manager call: the stub method reference and its argument, as update-with-start takes them.
   */
  @FunctionalInterface
  public interface Call<R> {
    WorkflowUpdateHandle<R> send(
        UserRoleManagerWorkflow manager,
        UpdateOptions<R> options,
        WithStartWorkflowOperation<Void> start);
  }

  /** Starts {@code call} on {@code user-role/<login>} (or attaches to it by its id). */
  public <R> WorkflowUpdateHandle<R> start(
      String login, String updateId, Class<R> result, Call<R> call) {
    UserRoleManagerWorkflow manager =
        client.newWorkflowStub(
            UserRoleManagerWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(GrantIds.userRoleWorkflowId(login))
                .setTaskQueue(taskQueue)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                // A task handed to a worker that just died is retried after this, not after 10 s.
                .setWorkflowTaskTimeout(WORKFLOW_TASK_TIMEOUT)
                .build());
    WithStartWorkflowOperation<Void> start =
        new WithStartWorkflowOperation<>(
            manager::run, RoleManagerState.empty(login, continueAsNewAfter));
    UpdateOptions<R> options =
        UpdateOptions.newBuilder(result)
            .setUpdateId(updateId)
            .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
            .build();
    return call.send(manager, options, start);
  }

  /** Asks the manager to resync without waiting for it to finish. */
  public void requestResync(String login, String updateId) {
    start(
        login,
        updateId,
        Void.class,
        (m, o, s) -> WorkflowClient.startUpdateWithStart(m::resync, o, s));
  }

  /** The manager's state, or empty when {@code login} never had one. */
  public Optional<RoleManagerState> state(String login) {
    try {
      return Optional.of(
          client
              .newWorkflowStub(UserRoleManagerWorkflow.class, GrantIds.userRoleWorkflowId(login))
              .state());
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    }
  }
}
