package io.tailgrant.tka;

import io.tailgrant.temporal.Retries;
import io.tailgrant.tka.SignInActivities.GrantLiveness;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;

/**
 * Hands out one grant per sign-in: a claim returns the grant that holds it while that grant lives,
 * or takes the claimant's candidate. Claims are answered one at a time.
 */
public class SignInWorkflowImpl implements SignInWorkflow {
  /** A freshly claimed grant may not exist yet: its server is starting it. */
  static final Duration STARTING = Duration.ofSeconds(30);

  private static final int CONTINUE_AS_NEW_AFTER = 200;

  private final SignInActivities activities =
      Workflow.newLocalActivityStub(
          SignInActivities.class,
          LocalActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setScheduleToCloseTimeout(Retries.LOCAL_BOUNDED)
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
              .build());

  private String grantId;
  private Instant claimedAt;
  private boolean busy;
  private int claims;

  @WorkflowInit
  public SignInWorkflowImpl(SignInState state) {
    this.grantId = state.grantId();
    this.claimedAt = state.claimedAt();
  }

  @Override
  public void run(SignInState ignored) {
    Workflow.await(() -> claims >= CONTINUE_AS_NEW_AFTER && !busy);
    Workflow.await(Workflow::isEveryHandlerFinished);
    Workflow.continueAsNew(new SignInState(grantId, claimedAt));
  }

  @Override
  public String claim(String candidateGrantId) {
    Workflow.await(() -> !busy);
    busy = true;
    try {
      claims++;
      if (grantId != null && holds(activities.liveness(grantId))) {
        return grantId;
      }
      grantId = candidateGrantId;
      claimedAt = now();
      return grantId;
    } finally {
      busy = false;
    }
  }

  private boolean holds(GrantLiveness liveness) {
    return liveness == GrantLiveness.HOLDS
        || (liveness == GrantLiveness.UNKNOWN && now().isBefore(claimedAt.plus(STARTING)));
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
