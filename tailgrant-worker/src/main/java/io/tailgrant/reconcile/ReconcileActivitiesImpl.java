package io.tailgrant.reconcile;

import io.tailgrant.device.DeviceManagers;
import io.tailgrant.directory.Directory;
import io.tailgrant.directory.GrantDirectoryWorkflow;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.tailnet.TailscaleApi;
import io.tailgrant.tailnet.TailscaleApiException;
import io.tailgrant.tailnet.TailscaleDevice;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sweep: one device list, attribute reads only where TailGrant put or recently put attributes,
 * and a resync request to every device whose managed tags or attributes differ from what its active
 * grants hold. The device's manager decides what to write from its own state, so nothing is ever
 * removed on the directory's word alone.
 */
public final class ReconcileActivitiesImpl implements ReconcileActivities {
  private static final Logger log = LoggerFactory.getLogger(ReconcileActivitiesImpl.class);
  private static final Set<GrantStatus> HOLDING =
      Set.of(GrantStatus.ACTIVATING, GrantStatus.ACTIVE);

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
    Map<String, Set<String>> wantedTags = new HashMap<>();
    Map<String, Set<String>> wantedKeys = new HashMap<>();
    Set<String> postureTargets = new LinkedHashSet<>();
    Set<String> tags = new HashSet<>(managedTags);
    Set<String> keys = new HashSet<>(managedKeys);
    for (GrantSummary g : grants) {
      tags.addAll(g.tags());
      if (g.attributeKey() != null) {
        keys.add(g.attributeKey());
        postureTargets.add(g.targetNodeId()); // open or recently ended: worth one read
      }
      if (HOLDING.contains(g.status())) {
        if (g.kind() == GrantKind.TAGS) {
          wantedTags.computeIfAbsent(g.targetNodeId(), k -> new HashSet<>()).addAll(g.tags());
        } else if (g.attributeKey() != null) {
          wantedKeys.computeIfAbsent(g.targetNodeId(), k -> new HashSet<>()).add(g.attributeKey());
        }
      }
    }
    List<String> drifted = new ArrayList<>();
    int reads = 0;
    for (TailscaleDevice d : devices) {
      Set<String> present = new HashSet<>(d.tags());
      present.retainAll(tags);
      boolean drift = !present.equals(wantedTags.getOrDefault(d.nodeId(), Set.of()));
      if (!drift && postureTargets.contains(d.nodeId())) {
        reads++;
        Set<String> presentKeys =
            new HashSet<>(api.getAttributes(d.nodeId()).attributes().keySet());
        presentKeys.retainAll(keys);
        drift = !presentKeys.equals(wantedKeys.getOrDefault(d.nodeId(), Set.of()));
      }
      if (drift) {
        drifted.add(d.nodeId());
      }
    }
    io.micrometer.core.instrument.Metrics.counter("tailgrant.reconcile.drift")
        .increment(drifted.size());
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
