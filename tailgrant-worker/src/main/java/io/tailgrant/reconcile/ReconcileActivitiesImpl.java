package io.tailgrant.reconcile;

import io.micrometer.core.instrument.Metrics;
import io.tailgrant.device.DeviceManagers;
import io.tailgrant.directory.Directory;
import io.tailgrant.directory.GrantDirectoryWorkflow;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.tailnet.TailscaleApi;
import io.tailgrant.tailnet.TailscaleApiException;
import io.tailgrant.tailnet.TailscaleDevice;
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
 * state, so nothing is ever removed on the directory's word alone.
 */
public final class ReconcileActivitiesImpl implements ReconcileActivities {
  private static final Logger log = LoggerFactory.getLogger(ReconcileActivitiesImpl.class);

  private final TailscaleApi api;
  private final WorkflowClient client;
  private final String taskQueue;
  private final DeviceManagers managers;
  private final Set<String> managedTags;
  private final Set<String> managedKeys;

  public ReconcileActivitiesImpl(
      TailscaleApi api,
      WorkflowClient client,
      String taskQueue,
      DeviceManagers managers,
      Set<String> managedTags,
      Set<String> managedKeys) {
    this.api = api;
    this.client = client;
    this.taskQueue = taskQueue;
    this.managers = managers;
    this.managedTags = Set.copyOf(managedTags);
    this.managedKeys = Set.copyOf(managedKeys);
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
    List<GrantSummary> grants = Directory.call(client, taskQueue, GrantDirectoryWorkflow::grants);
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
    return new SweepReport(Instant.now(), devices.size(), reads, drifted);
  }
}
