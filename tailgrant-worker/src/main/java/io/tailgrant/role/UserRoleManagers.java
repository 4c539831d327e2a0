package io.tailgrant.role;

import io.tailgrant.grant.GrantIds;
import io.tailgrant.temporal.UpdateWithStart;
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
import java.util.concurrent.TimeoutException;

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

  /**
   * Starts {@code call} on {@code user-role/<login>} (or attaches to it by its id) and returns once
   * the manager accepted it, sending it again while {@code within} lasts (see {@link
   * UpdateWithStart}); TimeoutException when the manager has not accepted it by then.
   */
  public <R> WorkflowUpdateHandle<R> start(
      String login, String updateId, Class<R> result, Duration within, Call<R> call)
      throws TimeoutException {
    return UpdateWithStart.untilAccepted(
        within, UpdateWithStart.POLL, () -> send(login, updateId, result, call));
  }

  private <R> WorkflowUpdateHandle<R> send(
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

  /**
   * Asks the manager to resync without waiting for it to finish; fails when the manager has not
   * accepted the ask within {@link UpdateWithStart#POLL} (the sweep's retry asks again, by the same
   * id).
   */
  public void requestResync(String login, String updateId) {
    try {
      start(
          login,
          updateId,
          Void.class,
          UpdateWithStart.POLL,
          (m, o, s) -> WorkflowClient.startUpdateWithStart(m::resync, o, s));
    } catch (TimeoutException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
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
