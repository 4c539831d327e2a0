package io.tailgrant.worker;

import io.tailgrant.approval.ApprovalWorkflowImpl;
import io.tailgrant.audit.AuditActivitiesImpl;
import io.tailgrant.audit.AuditLog;
import io.tailgrant.authkey.AuthKeyActivitiesImpl;
import io.tailgrant.catalog.CatalogActivitiesImpl;
import io.tailgrant.catalog.CatalogReader;
import io.tailgrant.catalog.GrantCatalogWorkflowImpl;
import io.tailgrant.config.LiveCatalog;
import io.tailgrant.config.TailGrantConfig;
import io.tailgrant.device.DeviceChangeActivitiesImpl;
import io.tailgrant.device.DeviceManagers;
import io.tailgrant.device.DeviceSyncActivitiesImpl;
import io.tailgrant.device.DeviceTagManagerWorkflowImpl;
import io.tailgrant.directory.DirectoryActivitiesImpl;
import io.tailgrant.directory.GrantDirectoryWorkflowImpl;
import io.tailgrant.directory.InventoryActivitiesImpl;
import io.tailgrant.events.TailnetEventActivitiesImpl;
import io.tailgrant.events.TailnetEventWorkflowImpl;
import io.tailgrant.grant.GrantRulesActivitiesImpl;
import io.tailgrant.grant.GrantWorkflowImpl;
import io.tailgrant.kubernetes.GrantLiveness;
import io.tailgrant.kubernetes.KubernetesActivitiesImpl;
import io.tailgrant.kubernetes.KubernetesClusters;
import io.tailgrant.notify.NotificationChannels;
import io.tailgrant.notify.NotifierActivitiesImpl;
import io.tailgrant.reconcile.ReconcileActivitiesImpl;
import io.tailgrant.reconcile.ReconcileState;
import io.tailgrant.reconcile.ReconciliationWorkflow;
import io.tailgrant.reconcile.ReconciliationWorkflowImpl;
import io.tailgrant.role.RoleChangeActivitiesImpl;
import io.tailgrant.role.RoleSyncActivitiesImpl;
import io.tailgrant.role.UserRoleManagerWorkflowImpl;
import io.tailgrant.role.UserRoleManagers;
import io.tailgrant.tailnet.TailscaleApiClient;
import io.tailgrant.tka.SignInActivitiesImpl;
import io.tailgrant.tka.SignInWorkflowImpl;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Registers every TailGrant workflow and activity on one task queue; shared by WorkerMain, DevMain
 * and tests.
 */
public final class TailGrantWorker {

  /**
   * {@code clock} is what Kubernetes token lifetimes are computed against (tests pass Temporal's).
   * {@code embeddedServer}: the Java test server never times out a dead worker's sticky queue, so
   * sticky execution must be off there or a restarted worker hangs (the embedded server never falls
   * back from a dead worker's sticky queue). {@code config} is the worker's own: every grant's
   * snapshot is checked against it before anything is done.
   */
  public record Options(
      String taskQueue,
      Set<String> managedTags,
      Set<String> managedAttributeKeys,
      boolean embeddedServer,
      int deviceContinueAsNewAfter,
      AuditLog audit,
      Duration deviceChangeWait,
      KubernetesClusters kubernetes,
      Clock clock,
      TailGrantConfig config) {}

  private TailGrantWorker() {}

  /**
   * Starts the reconciliation loop if it is not running, and gives it the configured interval
   * either way.
   */
  public static void startReconciliation(
      WorkflowClient client, String taskQueue, Duration interval) {
    ReconciliationWorkflow loop =
        client.newWorkflowStub(
            ReconciliationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ReconciliationWorkflow.WORKFLOW_ID)
                .setTaskQueue(taskQueue)
                .build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(loop::run, new ReconcileState(interval, null));
    request.add(loop::setInterval, interval);
    client.signalWithStart(request);
  }

  public static Worker register(
      WorkerFactory factory, WorkflowClient client, TailscaleApiClient api, Options options) {
    WorkerOptions.Builder wo = WorkerOptions.newBuilder();
    if (options.embeddedServer()) {
      wo.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
    }
    Worker worker = factory.newWorker(options.taskQueue(), wo.build());
    worker.registerWorkflowImplementationTypes(
        GrantWorkflowImpl.class,
        ApprovalWorkflowImpl.class,
        DeviceTagManagerWorkflowImpl.class,
        UserRoleManagerWorkflowImpl.class,
        GrantDirectoryWorkflowImpl.class,
        ReconciliationWorkflowImpl.class,
        SignInWorkflowImpl.class,
        TailnetEventWorkflowImpl.class,
        GrantCatalogWorkflowImpl.class);
    DeviceManagers managers =
        new DeviceManagers(client, options.taskQueue(), options.deviceContinueAsNewAfter());
    UserRoleManagers roleManagers =
        new UserRoleManagers(client, options.taskQueue(), options.deviceContinueAsNewAfter());
    GrantLiveness grantIsOpen = new GrantLiveness(client);
    AuthKeyActivitiesImpl authKeys = new AuthKeyActivitiesImpl(api, grantIsOpen, options.clock());
    // The live grant-type catalogue, checked by this worker's own config file (off: no change).
    LiveCatalog live = LiveCatalog.open(options.config());
    boolean roles = options.config().usesUserRoles();
    boolean keys = !options.config().authKeyTags().isEmpty();
    worker.registerActivitiesImplementations(
        new DeviceSyncActivitiesImpl(api, options.managedTags(), options.managedAttributeKeys()),
        new DeviceChangeActivitiesImpl(managers, options.deviceChangeWait()),
        new RoleChangeActivitiesImpl(roleManagers, options.deviceChangeWait()),
        new RoleSyncActivitiesImpl(api),
        authKeys,
        new DirectoryActivitiesImpl(client, options.taskQueue(), options.audit()),
        new InventoryActivitiesImpl(api),
        new ReconcileActivitiesImpl(
            api,
            client,
            options.taskQueue(),
            managers,
            options.managedTags(),
            options.managedAttributeKeys(),
            roles ? api : null,
            roleManagers,
            keys ? authKeys : null),
        new KubernetesActivitiesImpl(options.kubernetes(), grantIsOpen, options.clock()),
        new GrantRulesActivitiesImpl(options.config(), live, new CatalogReader(client)),
        new CatalogActivitiesImpl(live),
        new AuditActivitiesImpl(options.audit()),
        new SignInActivitiesImpl(client),
        new TailnetEventActivitiesImpl(client, options.taskQueue()),
        notifier(options));
    return worker;
  }

  /** The notifier, its channels' secrets read now: a missing one stops the worker at start. */
  private static NotifierActivitiesImpl notifier(Options options) {
    TailGrantConfig config = options.config();
    if (config == null) {
      return new NotifierActivitiesImpl(
          NotificationChannels.none(), "http://127.0.0.1", options.clock());
    }
    return new NotifierActivitiesImpl(
        NotificationChannels.from(config.notifications()),
        NotifierActivitiesImpl.publicBase(config),
        options.clock());
  }
}
