package io.tailgrant.directory;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

/**
 * Keeps the newest summary of each grant; continues as new every few hundred changes to stay short.
 */
public class GrantDirectoryWorkflowImpl implements GrantDirectoryWorkflow {
  private final InventoryActivities inventoryActivities =
      Workflow.newActivityStub(
          InventoryActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
              .build());

  private final Map<String, GrantSummary> open = new LinkedHashMap<>();
  private final LinkedList<GrantSummary> recent = new LinkedList<>();
  private final int continueAsNewAfter;
  private DeviceInventory inventory;
  private int changes;
  private boolean refreshing;

  @WorkflowInit
  public GrantDirectoryWorkflowImpl(DirectoryState state) {
    state.open().forEach(s -> open.put(s.id(), s));
    recent.addAll(state.recent());
    inventory = state.inventory();
    continueAsNewAfter = state.continueAsNewAfter();
  }

  @Override
  public void run(DirectoryState ignored) {
    Workflow.await(
        () -> changes >= continueAsNewAfter || Workflow.getInfo().isContinueAsNewSuggested());
    Workflow.await(Workflow::isEveryHandlerFinished);
    Workflow.continueAsNew(
        new DirectoryState(
            List.copyOf(open.values()), List.copyOf(recent), inventory, continueAsNewAfter));
  }

  @Override
  public void record(GrantSummary summary) {
    changes++;
    GrantSummary known = open.get(summary.id());
    if (known == null) {
      known = recent.stream().filter(s -> s.id().equals(summary.id())).findFirst().orElse(null);
    }
    if (known != null && known.version() >= summary.version()) {
      return; // publications may arrive out of order; the newest wins
    }
    if (summary.status().isOpen()) {
      open.put(summary.id(), summary);
    } else {
      open.remove(summary.id());
      recent.removeIf(s -> s.id().equals(summary.id()));
      recent.addFirst(summary);
      while (recent.size() > DirectoryState.RECENT_LIMIT) {
        recent.removeLast();
      }
    }
  }

  @Override
  public List<GrantSummary> grants() {
    List<GrantSummary> out = new ArrayList<>(open.values());
    out.sort(Comparator.comparing(GrantSummary::requestedAt).reversed());
    out.addAll(recent);
    return out;
  }

  @Override
  public List<GrantSummary> grantsAfter(String afterId, int max) {
    List<GrantSummary> all = new ArrayList<>(open.values());
    all.addAll(recent);
    return DirectoryPages.after(all, afterId, max);
  }

  @Override
  public DeviceInventory devices() {
    return inventory;
  }

  @Override
  public DeviceInventory refreshDevices(Duration notMoreOftenThan) {
    return listUnlessYounger(notMoreOftenThan);
  }

  @Override
  public Instant listDevices(Duration notMoreOftenThan) {
    return listUnlessYounger(notMoreOftenThan).listedAt();
  }

  private DeviceInventory listUnlessYounger(Duration notMoreOftenThan) {
    changes++;
    // Concurrent asks share one listing; histories recorded before the limit passed no interval.
    Workflow.await(() -> !refreshing);
    if (notMoreOftenThan != null
        && inventory != null
        && inventory.listedAt() != null
        && now().isBefore(inventory.listedAt().plus(notMoreOftenThan))) {
      return inventory;
    }
    refreshing = true;
    try {
      List<DeviceInfo> devices = inventoryActivities.listDevices();
      inventory = new DeviceInventory(devices, now());
    } finally {
      refreshing = false;
    }
    return inventory;
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
