package io.tailgrant.web;

import io.tailgrant.directory.DeviceInventory;
import io.tailgrant.directory.Directory;
import io.tailgrant.directory.DirectoryPages;
import io.tailgrant.directory.GrantDirectoryWorkflow;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.events.TailnetEventInput;
import io.tailgrant.events.TailnetEvents;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.grant.GrantInput;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.grant.Refusal;
import io.tailgrant.grant.RefusalFailures;
import io.tailgrant.temporal.FailureMessages;
import io.tailgrant.temporal.TemporalFailures;
import io.tailgrant.tka.SignInState;
import io.tailgrant.tka.SignInWorkflow;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The server's side of Temporal: it owns the workflow stubs and turns Temporal's failures into
 * {@link Refusal}s by their type (a refused Update, a grant that does not exist or has ended),
 * never by reading messages.
 */
final class GrantClient {
  /** A task handed to a worker that just died is retried after this, not after the default 10 s. */
  private static final Duration WORKFLOW_TASK_TIMEOUT = Duration.ofSeconds(3);

  private final WorkflowClient client;
  private final String taskQueue;

  GrantClient(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  /**
   * Starts the grant's workflow. It does not wait for the workflow's first task (which activates a
   * low-risk grant): the caller answers at once and the grant's page follows its progress.
   */
  void start(GrantInput input) {
    GrantWorkflow wf =
        client.newWorkflowStub(
            GrantWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(GrantIds.grantWorkflowId(input.grantId()))
                .setTaskQueue(taskQueue)
                .setWorkflowTaskTimeout(WORKFLOW_TASK_TIMEOUT)
                .build());
    WorkflowClient.start(wf::run, input);
  }

  /** The grant's view, or empty when there is no such grant. */
  Optional<GrantView> view(String id) {
    try {
      return Optional.of(stub(id).view());
    } catch (WorkflowException e) {
      if (TemporalFailures.workflowGone(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Sends an Update to grant {@code id}: a validator's refusal comes back as that refusal, a grant
   * that has ended as a conflict.
   */
  <T> T update(String id, Function<GrantWorkflow, T> call) {
    return update(id, call, () -> Refusal.conflict("grant has ended"));
  }

  /** As above; a grant that has ended is answered with {@code ended}'s refusal. */
  <T> T update(String id, Function<GrantWorkflow, T> call, Supplier<Refusal> ended) {
    try {
      return call.apply(stub(id));
    } catch (WorkflowUpdateException e) {
      Optional<Refusal> refused = RefusalFailures.fromFailure(e);
      if (refused.isPresent()) {
        throw refused.get();
      }
      if (TemporalFailures.workflowGone(e)) {
        throw ended.get();
      }
      throw Refusal.conflict(FailureMessages.rootMessage(e));
    } catch (WorkflowException e) {
      if (TemporalFailures.workflowGone(e)) {
        throw ended.get();
      }
      throw e;
    }
  }

  /**
   * Claims {@code login}'s TKA sign-in for {@code candidateGrantId} through their sign-in workflow
   * (started if need be): the grant that holds the sign-in, {@code candidateGrantId} when the
   * caller must now start it. Every server asks the same workflow, so concurrent logins share one
   * grant.
   */
  String claimSignIn(String login, String candidateGrantId) {
    SignInWorkflow signIn =
        client.newWorkflowStub(
            SignInWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(SignInWorkflow.workflowId(login))
                .setTaskQueue(taskQueue)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .build());
    return WorkflowClient.executeUpdateWithStart(
        signIn::claim,
        candidateGrantId,
        UpdateOptions.<String>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
        new WithStartWorkflowOperation<>(signIn::run, SignInState.none()));
  }

  /** Starts a Tailscale event's workflow, once per event ({@link TailnetEvents}). */
  boolean startTailnetEvent(TailnetEventInput event) {
    return TailnetEvents.start(client, taskQueue, event);
  }

  /** Every grant the directory lists: open ones first, then the most recently ended. */
  List<GrantSummary> grants() {
    return DirectoryPages.readAll(client, taskQueue);
  }

  DeviceInventory inventory() {
    return directory(GrantDirectoryWorkflow::devices);
  }

  /**
   * Has the directory list the tailnet again unless its inventory is younger than {@code interval}
   * (the directory decides); answers when the inventory it holds now was listed.
   */
  Instant listDevices(Duration interval) {
    return directory(d -> d.listDevices(interval));
  }

  private <T> T directory(Function<GrantDirectoryWorkflow, T> call) {
    return Directory.call(client, taskQueue, call);
  }

  private GrantWorkflow stub(String id) {
    return client.newWorkflowStub(GrantWorkflow.class, GrantIds.grantWorkflowId(id));
  }
}
