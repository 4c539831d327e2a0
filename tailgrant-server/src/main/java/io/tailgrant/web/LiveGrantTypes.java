package io.tailgrant.web;

import io.tailgrant.catalog.CatalogAction;
import io.tailgrant.catalog.CatalogChange;
import io.tailgrant.catalog.CatalogEntry;
import io.tailgrant.catalog.CatalogState;
import io.tailgrant.catalog.GrantCatalogWorkflow;
import io.tailgrant.config.LiveCatalog;
import io.tailgrant.config.TailGrantConfig;
import io.tailgrant.grant.Refusal;
import io.tailgrant.grant.RefusalFailures;
import io.tailgrant.identity.Caller;
import io.tailgrant.temporal.FailureMessages;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grant types in force on this server: the config file's, or, with live editing on, the file's
 * with the catalogue workflow's changes on top, read at most once per {@link #REFRESH} (and at once
 * after a change made here). Admins' changes are checked here first by the same rules the worker
 * applies ({@link LiveCatalog}), so a refused one never reaches Temporal.
 */
final class LiveGrantTypes {
  static final Duration REFRESH = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(LiveGrantTypes.class);

  private final LiveCatalog catalog;
  private final WorkflowClient client;
  private final String taskQueue;
  private final Clock clock;
  private volatile LiveCatalog.Resolved resolved;
  private volatile long readAt = Long.MIN_VALUE / 2;
  private CatalogState read;

  LiveGrantTypes(TailGrantConfig config, WorkflowClient client, Clock clock) {
    this.catalog = LiveCatalog.open(config);
    this.client = client;
    this.taskQueue = config.temporal().taskQueue();
    this.clock = clock;
    this.resolved = catalog.resolve(null);
  }

  boolean enabled() {
    return catalog.enabled();
  }

  /** The config in force now. */
  TailGrantConfig config() {
    return resolved().config();
  }

  /** The types in force now, with their definitions and versions. */
  LiveCatalog.Resolved resolved() {
    if (catalog.enabled() && System.nanoTime() - readAt > REFRESH.toNanos()) {
      refresh(false);
    }
    return resolved;
  }

  /** Whether the config file defines {@code name} (so it can go back to the file's). */
  boolean inFile(String name) {
    return catalog.fileDefinition(name).isPresent();
  }

  /** The types {@code state} puts in force. */
  LiveCatalog.Resolved resolve(CatalogState state) {
    return catalog.resolve(state);
  }

  /** The catalogue's state as it is now (empty when no catalogue runs yet). */
  CatalogState state() {
    if (!catalog.enabled() || client == null) { // a server without Temporal (socket tests)
      return CatalogState.empty(clock.instant());
    }
    try {
      return stub().state();
    } catch (WorkflowNotFoundException e) {
      return CatalogState.empty(clock.instant());
    }
  }

  /**
   * {@code caller} does {@code action} to grant type {@code name}: checked here, then kept by the
   * catalogue once the worker agrees. Returns the new version.
   */
  CatalogEntry change(
      Caller caller, CatalogAction action, String name, String definition, long rollbackTo) {
    if (!catalog.file().isAdmin(caller.login())) {
      // The config file's admins only: the worker checks the actor against its own file, which no
      // tailnet policy capability reaches.
      throw Refusal.forbidden("only admins (by the config file) change grant types");
    }
    CatalogState state;
    try {
      state = state();
    } catch (WorkflowException e) {
      throw new Refusal(
          Refusal.Kind.CONFLICT,
          "catalog_unavailable",
          "the grant-type catalogue cannot be read now: " + FailureMessages.rootMessage(e));
    }
    Instant now = clock.instant();
    CatalogChange change =
        new CatalogChange(
            caller.login(), action, name, definition, rollbackTo, state.version(), now);
    catalog.decide(state, change, now);
    CatalogEntry entry;
    try {
      GrantCatalogWorkflow stub =
          client.newWorkflowStub(
              GrantCatalogWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(GrantCatalogWorkflow.WORKFLOW_ID)
                  .setTaskQueue(taskQueue)
                  .setWorkflowIdConflictPolicy(
                      WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                  .build());
      entry =
          WorkflowClient.executeUpdateWithStart(
              stub::change,
              change,
              UpdateOptions.<CatalogEntry>newBuilder()
                  .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                  .build(),
              new WithStartWorkflowOperation<>(stub::run, CatalogState.empty(now)));
    } catch (WorkflowUpdateException e) {
      throw RefusalFailures.fromFailure(e)
          .orElseGet(() -> Refusal.conflict(FailureMessages.rootMessage(e)));
    }
    refresh(true);
    return entry;
  }

  /** Reads the catalogue again if nobody did meanwhile ({@code force}: in any case). */
  private synchronized void refresh(boolean force) {
    if (!force && System.nanoTime() - readAt <= REFRESH.toNanos()) {
      return;
    }
    try {
      CatalogState state = state();
      if (!state.equals(read)) {
        resolved = catalog.resolve(state);
        read = state;
      }
    } catch (RuntimeException e) {
      // Keep what was read last: a passing Temporal outage must not empty the catalogue.
      log.warn("reading the grant-type catalogue failed: {}", FailureMessages.rootMessage(e));
    }
    readAt = System.nanoTime();
  }

  private GrantCatalogWorkflow stub() {
    return client.newWorkflowStub(GrantCatalogWorkflow.class, GrantCatalogWorkflow.WORKFLOW_ID);
  }
}
