package io.tailgrant.tka;

import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One person's TKA sign-in (id {@code tka-signin/<login>}): serializes their logins, on however
 * many servers, so that concurrent logins (a CLI retrying, two terminals) share one grant.
 */
@WorkflowInterface
public interface SignInWorkflow {
  static String workflowId(String login) {
    return "tka-signin/" + login;
  }

  @WorkflowMethod
  void run(SignInState state);

  /**
   * The grant that holds this person's sign-in: the open one, or {@code candidateGrantId}, which
   * the caller must then start.
   */
  @UpdateMethod
  String claim(String candidateGrantId);
}
