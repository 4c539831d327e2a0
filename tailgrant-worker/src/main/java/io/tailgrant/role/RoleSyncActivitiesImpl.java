package io.tailgrant.role;

import io.micrometer.core.instrument.Metrics;
import io.tailgrant.audit.LogSafe;
import io.tailgrant.tailnet.TailnetUser;
import io.tailgrant.tailnet.TailscaleApiException;
import io.tailgrant.tailnet.UsersApi;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A role manager's reads and writes through the users API. Adding: the API's refusals (400, 403,
 * 404) end the attempts at once with its message. Removing: only a refusal no retry can fix (400,
 * 404) does; anything else is retried, and after a few attempts each failure is an alert.
 */
public final class RoleSyncActivitiesImpl implements RoleSyncActivities {
  private static final Logger log = LoggerFactory.getLogger(RoleSyncActivitiesImpl.class);
  static final int ALERT_AFTER_ATTEMPTS = 5;

  private final UsersApi api;

  public RoleSyncActivitiesImpl(UsersApi api) {
    this.api = api;
  }

  @Override
  public UserRole readRole(String login, String userId, boolean removing) {
    try {
      if (userId != null) {
        TailnetUser u = api.getUser(userId);
        if (login.equals(u.loginName())) {
          return new UserRole(u.id(), u.role());
        }
      }
      for (TailnetUser u : api.listUsers()) {
        if (login.equals(u.loginName())) {
          return new UserRole(u.id(), u.role());
        }
      }
    } catch (TailscaleApiException e) {
      throw failure(login, removing, e);
    }
    throw ApplicationFailure.newNonRetryableFailure("there is no tailnet user " + login, REFUSED);
  }

  @Override
  public void writeRole(String userId, String role, boolean removing) {
    try {
      api.setUserRole(userId, role);
    } catch (TailscaleApiException e) {
      throw failure("user " + userId, removing, e);
    }
  }

  private ApplicationFailure failure(String who, boolean removing, TailscaleApiException e) {
    boolean finalRefusal = removing ? e.status() == 400 || e.status() == 404 : !e.isRetryable();
    if (finalRefusal) {
      return ApplicationFailure.newNonRetryableFailure(e.getMessage(), REFUSED);
    }
    if (removing) {
      int attempt = Activity.getExecutionContext().getInfo().getAttempt();
      String line =
          "restoring the role of "
              + LogSafe.quote(who)
              + " failed (attempt "
              + attempt
              + "): "
              + LogSafe.quote(e.getMessage());
      Metrics.counter("tailgrant.removal.failures").increment();
      if (attempt >= ALERT_AFTER_ATTEMPTS) {
        log.error("ALERT tailgrant.removal.stuck {}", line);
      } else {
        log.warn(line);
      }
    }
    return ApplicationFailure.newFailureWithCauseAndDelay(
        e.getMessage(), "TailscaleApiError", null, e.retryAfter());
  }
}
