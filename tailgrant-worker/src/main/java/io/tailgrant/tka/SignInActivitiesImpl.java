package io.tailgrant.tka;

import io.tailgrant.grant.GrantIds;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.temporal.TemporalFailures;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;

/** Reads a grant's status with its query. */
public final class SignInActivitiesImpl implements SignInActivities {
  private final WorkflowClient client;

  public SignInActivitiesImpl(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public GrantLiveness liveness(String grantId) {
    GrantView view;
    try {
      view = client.newWorkflowStub(GrantWorkflow.class, GrantIds.grantWorkflowId(grantId)).view();
    } catch (WorkflowException e) {
      if (TemporalFailures.workflowGone(e)) {
        return GrantLiveness.UNKNOWN;
      }
      throw e;
    }
    return view.status().isOpen() && view.status() != GrantStatus.DEACTIVATING
        ? GrantLiveness.HOLDS
        : GrantLiveness.ENDED;
  }
}
