package io.tailgrant.catalog;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The live grant-type catalogue, id {@value #WORKFLOW_ID}: admins' changes on top of the config
 * file's types, versioned, each checked by the worker against its own config before it is kept.
 * Runs for good, continuing as new with its (bounded) state.
 */
@WorkflowInterface
public interface GrantCatalogWorkflow {
  String WORKFLOW_ID = "grant-catalog";

  @WorkflowMethod
  void run(CatalogState state);

  /** Appends the change as the catalogue's next version; returns that version's entry. */
  @UpdateMethod
  CatalogEntry change(CatalogChange change);

  @UpdateValidatorMethod(updateName = "change")
  void validateChange(CatalogChange change);

  @QueryMethod
  CatalogState state();
}
