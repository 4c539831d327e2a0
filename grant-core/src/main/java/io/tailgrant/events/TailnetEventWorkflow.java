package io.tailgrant.events;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One Tailscale event's consequences, id {@link TailnetEventRules#workflowId}: the grants it ends
 * and the approvals it withdraws, each through an Update on the grant's own workflow, and its own
 * audit events. The id names the event, so a redelivered event does not run twice.
 */
@WorkflowInterface
public interface TailnetEventWorkflow {

  @WorkflowMethod
  TailnetEventReport run(TailnetEventInput input);

  /** What the event has changed so far (all of it, once the workflow has completed). */
  @QueryMethod
  TailnetEventReport report();
}
