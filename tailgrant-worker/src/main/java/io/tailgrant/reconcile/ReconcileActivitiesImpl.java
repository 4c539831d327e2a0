package io.tailgrant.reconcile;

import io.micrometer.core.instrument.Metrics;
import io.tailgrant.audit.LogSafe;
import io.tailgrant.authkey.AuthKeyActivities;
import io.tailgrant.device.DeviceManagers;
import io.tailgrant.directory.DirectoryPages;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.role.UserRoleManagers;
import io.tailgrant.tailnet.TailscaleApi;
import io.tailgrant.tailnet.TailscaleApiException;
import io.tailgrant.tailnet.TailscaleDevice;
import io.tailgrant.tailnet.UsersApi;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sweep: one device list, attribute reads only where {@link DesiredState} says TailGrant put or
 * recently put attributes, and a resync request to every device whose managed tags or attributes
 * differ from what its active grants hold. The device's manager decides what to write from its own
 * state, so nothing is ever removed on the directory's word alone. When the config has user-role
 * types, one user list and {@link RoleDrift}; with auth-key types, one key list and the keys whose
 * grant no longer runs deleted. Each part failing leaves the others done.
 */
public final class ReconcileActivitiesImpl implements ReconcileActivities {
  private static final Logger log = LoggerFactory.getLogger(ReconcileActivitiesImpl.class);

  private final TailscaleApi api;
  private final WorkflowClient client;
  private final String taskQueue;
  private final DeviceManagers managers;
  private final Set<String> managedTags;
  private final Set<String> managedKeys;
  private final RoleDrift roles;
  private final UserRoleManagers roleManagers;
  private final AuthKeyActivities keys;

  /**
   * {@code roles} and {@code keys} are null when the config has no user-role or auth-key types (the
   * OAuth client then need not have the scopes).
   */
  public ReconcileActivitiesImpl(
      TailscaleApi api,
      WorkflowClient client,
      String taskQueue,
      DeviceManagers managers,
      Set<String> managedTags,
      Set<String> managedKeys,
      UsersApi roles,
      UserRoleManagers roleManagers,
      AuthKeyActivities keys) {
    this.api = api;
    this.client = client;
    this.taskQueue = taskQueue;
    this.managers = managers;
    this.managedTags = Set.copyOf(managedTags);
    this.managedKeys = Set.copyOf(managedKeys);
    this.roles = roles == null ? null : new RoleDrift(roles, roleManagers);
    this.roleManagers = roleManagers;
    this.keys = keys;
  }

  @Override
  public SweepReport sweep() {
    try {
      return doSweep();
    } catch (TailscaleApiException e) {
      throw ApplicationFailure.newFailureWithCauseAndDelay(
          e.getMessage(), "TailscaleApiError", null, e.retryAfter());
    }
  }

  private SweepReport doSweep() {
    List<GrantSummary> grants = DirectoryPages.readAll(client, taskQueue);
    List<TailscaleDevice> devices = api.listDevices();
    DesiredState desired = DesiredState.of(grants, managedTags, managedKeys);
    List<String> drifted = new ArrayList<>();
    int reads = 0;
    for (TailscaleDevice d : devices) {
      boolean drift = desired.tagsDrift(d.nodeId(), d.tags());
      if (!drift && desired.readsAttributes(d.nodeId())) {
        reads++;
        drift = desired.keysDrift(d.nodeId(), api.getAttributes(d.nodeId()).attributes().keySet());
      }
      if (drift) {
        drifted.add(d.nodeId());
      }
    }
    Metrics.counter("tailgrant.reconcile.drift").increment(drifted.size());
    String sweepId = Activity.getExecutionContext().getInfo().getWorkflowRunId();
    for (String nodeId : drifted) {
      log.info(
          "reconcile: device {} differs from what its grants hold; asking its manager to resync",
          nodeId);
      managers.requestResync(nodeId, "resync/" + sweepId);
    }
    SweepReport report = new SweepReport(Instant.now(), devices.size(), reads, drifted);
    return report.withRolesAndKeys(sweepRoles(grants, sweepId), sweepKeys());
  }

  private List<String> sweepRoles(List<GrantSummary> grants, String sweepId) {
    if (roles == null) {
      return List.of();
    }
    try {
      List<String> drifted = roles.find(grants);
      for (String login : drifted) {
        log.info(
            "reconcile: {}'s role differs from what TailGrant holds; asking their manager to resync",
            LogSafe.quote(login));
        roleManagers.requestResync(login, "resync/" + sweepId);
      }
      return drifted;
    } catch (TailscaleApiException e) {
      log.warn("reconcile: the roles part failed: {}", LogSafe.quote(e.getMessage()));
      return List.of();
    }
  }

  private int sweepKeys() {
    if (keys == null) {
      return 0;
    }
    try {
      return keys.removeOrphanKeys();
    } catch (RuntimeException e) {
      log.warn("reconcile: the auth keys part failed: {}", LogSafe.quote(e.getMessage()));
      return 0;
    }
  }
}
