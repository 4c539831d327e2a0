package io.tailgrant.catalog;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The catalogue's state as the worker reads it when a grant names a live version: a query, unless
 * the last state read holds that version already (a kept version never changes).
 */
public final class CatalogReader {
  private final WorkflowClient client;
  private final AtomicReference<CatalogState> last = new AtomicReference<>();

  public CatalogReader(WorkflowClient client) {
    this.client = client;
  }

  /**
   * A state holding version {@code version} if the catalogue still keeps it; empty if none runs.
   */
  public Optional<CatalogState> holding(long version) {
    CatalogState cached = last.get();
    if (cached != null && cached.entry(version).isPresent()) {
      return Optional.of(cached);
    }
    try {
      CatalogState now =
          client
              .newWorkflowStub(GrantCatalogWorkflow.class, GrantCatalogWorkflow.WORKFLOW_ID)
              .state();
      last.set(now);
      return Optional.of(now);
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    }
  }
}
