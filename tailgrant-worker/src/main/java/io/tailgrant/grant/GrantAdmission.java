package io.tailgrant.grant;

import static io.tailgrant.temporal.FailureMessages.rootMessage;

import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;

/**
 * Refuses a run the worker did not get from the server as a fresh request: one started under
 * another grant's workflow id, long after its request (an old input replayed by someone with
 * Temporal access), or whose grant type differs from the worker's own config.
 */
final class GrantAdmission {
  /**
   * How far a run's start may lie from its request's time (clock skew between server and Temporal).
   */
  static final Duration FRESH_START = Duration.ofMinutes(2);

  private GrantAdmission() {}

  /** Throws the refusal when the run must not go on. */
  static void admit(GrantInput input, GrantRulesActivities rules) {
    // Histories recorded before version 1 were admitted without these checks.
    if (Workflow.getVersion("worker-rules", Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return;
    }
    String workflowId = Workflow.getInfo().getWorkflowId();
    if (!workflowId.equals(GrantIds.grantWorkflowId(input.grantId()))) {
      throw Refusal.forbidden("grant " + input.grantId() + " was started as " + workflowId);
    }
    Instant started = Instant.ofEpochMilli(Workflow.getInfo().getRunStartedTimestampMillis());
    if (input.requestedAt() == null
        || Duration.between(input.requestedAt(), started).abs().compareTo(FRESH_START) > 0) {
      throw Refusal.forbidden(
          "this run started at "
              + started
              + " for a request made at "
              + input.requestedAt()
              + ": a grant runs only from a fresh request");
    }
    String refusal;
    try {
      refusal = rules.refusal(input);
    } catch (ActivityFailure e) {
      refusal = "the worker could not check the grant type: " + rootMessage(e);
    }
    if (refusal != null) {
      throw Refusal.forbidden(refusal);
    }
  }
}
