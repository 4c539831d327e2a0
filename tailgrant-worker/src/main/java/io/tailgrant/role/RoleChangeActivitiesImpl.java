package io.tailgrant.role;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A grant's changes to its requester's role, through the user's manager; each returns once the API
 * shows it, with the manager's line for the grant's timeline. An attempt waits a bounded time and
 * then lets Temporal retry, attaching to the same Update by its id.
 */
public final class RoleChangeActivitiesImpl implements RoleChangeActivities {
  private final UserRoleManagers managers;
  private final Duration attemptWait;

  public RoleChangeActivitiesImpl(UserRoleManagers managers, Duration attemptWait) {
    this.managers = managers;
    this.attemptWait = attemptWait;
  }

  @Override
  public String applyRole(String login, RoleAsset asset) {
    return run(
        login,
        "apply/" + asset.grantId(),
        String.class,
        (m, o, s) -> WorkflowClient.startUpdateWithStart(m::apply, asset, o, s));
  }

  @Override
  public String releaseRole(String login, String grantId) {
    return run(
        login,
        "release/" + grantId,
        String.class,
        (m, o, s) -> WorkflowClient.startUpdateWithStart(m::release, grantId, o, s));
  }

  @Override
  public void extendRole(String login, RoleExtension extension) {
    run(
        login,
        "extend/" + extension.grantId() + "/" + extension.expiresAt().toEpochMilli(),
        Void.class,
        (m, o, s) -> WorkflowClient.startUpdateWithStart(m::extend, extension, o, s));
  }

  /** The manager's refusal is final; "not done yet" and anything else are retried. */
  private <R> R run(String login, String updateId, Class<R> result, UserRoleManagers.Call<R> call) {
    try {
      long end = System.nanoTime() + attemptWait.toNanos();
      WorkflowUpdateHandle<R> handle = managers.start(login, updateId, result, attemptWait, call);
      // Accepting and finishing share the attempt's wait (see DeviceChangeActivitiesImpl).
      return handle
          .getResultAsync()
          .get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw ApplicationFailure.newFailure(
          "the role change is still in progress", "RoleChangePending");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", "Interrupted");
    } catch (ExecutionException | WorkflowUpdateException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      if (cause instanceof WorkflowUpdateException wue
          && wue.getCause() instanceof ApplicationFailure af) {
        throw ApplicationFailure.newNonRetryableFailure(af.getOriginalMessage(), af.getType());
      }
      throw ApplicationFailure.newFailure(String.valueOf(cause.getMessage()), "RoleChangeFailed");
    }
  }
}
