package io.tailgrant.worker;

import io.tailgrant.approval.ApprovalWorkflowImpl;
import io.tailgrant.device.DeviceChangeActivitiesImpl;
import io.tailgrant.device.DeviceSyncActivitiesImpl;
import io.tailgrant.device.DeviceTagManagerWorkflowImpl;
import io.tailgrant.directory.DirectoryActivitiesImpl;
import io.tailgrant.directory.GrantDirectoryWorkflowImpl;
import io.tailgrant.directory.InventoryActivitiesImpl;
import io.tailgrant.grant.GrantWorkflowImpl;
import io.tailgrant.tailnet.TailscaleApi;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.Set;

/** Registers every TailGrant workflow and activity on one task queue; shared by WorkerMain, DevMain and tests. */
public final class TailGrantWorker {

  /**
   * {@code embeddedServer}: the Java test server never times out a dead worker's sticky queue, so
   * sticky execution must be off there or a restarted worker hangs (see facts/temporal-embedded.md).
   */
  public record Options(String taskQueue, Set<String> managedTags, Set<String> managedAttributeKeys,
      boolean embeddedServer, int deviceContinueAsNewAfter) {}

  private TailGrantWorker() {}

  public static Worker register(WorkerFactory factory, WorkflowClient client, TailscaleApi api, Options options) {
    WorkerOptions.Builder wo = WorkerOptions.newBuilder();
    if (options.embeddedServer()) {
      wo.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
    }
    Worker worker = factory.newWorker(options.taskQueue(), wo.build());
    worker.registerWorkflowImplementationTypes(GrantWorkflowImpl.class, ApprovalWorkflowImpl.class,
        DeviceTagManagerWorkflowImpl.class, GrantDirectoryWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new DeviceSyncActivitiesImpl(api, options.managedTags(), options.managedAttributeKeys()),
        new DeviceChangeActivitiesImpl(client, options.taskQueue(), options.deviceContinueAsNewAfter()),
        new DirectoryActivitiesImpl(client, options.taskQueue()),
        new InventoryActivitiesImpl(api));
    return worker;
  }
}
