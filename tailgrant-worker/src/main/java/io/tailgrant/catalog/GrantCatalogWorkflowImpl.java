package io.tailgrant.catalog;

import static io.tailgrant.temporal.FailureMessages.rootMessage;

import io.tailgrant.audit.AuditActivities;
import io.tailgrant.audit.AuditEvent;
import io.tailgrant.grant.Refusal;
import io.tailgrant.grant.RefusalFailures;
import io.tailgrant.temporal.Retries;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.temporal.workflow.WorkflowLock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;

/**
 * The live grant-type catalogue. Keeps only changes the worker checked against its own config
 * ({@link CatalogActivities}), one at a time, each against the version the server checked it
 * against; audits each; continues as new every {@link #CONTINUE_AS_NEW_AFTER} changes with its
 * bounded state. A run handed a state that is not fresh (an old state copied from history by
 * someone with Temporal access) starts from the config file's types instead.
 */
public class GrantCatalogWorkflowImpl implements GrantCatalogWorkflow {
  private static final Logger log = Workflow.getLogger(GrantCatalogWorkflowImpl.class);

  /** How old a change's request, or a handed-over state, may be (clock skew included). */
  static final Duration FRESH = Duration.ofMinutes(2);

  static final int CONTINUE_AS_NEW_AFTER = 20;

  private final CatalogActivities checks =
      Workflow.newLocalActivityStub(
          CatalogActivities.class,
          LocalActivityOptions.newBuilder()
              .setDoNotIncludeArgumentsIntoMarker(true)
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setScheduleToCloseTimeout(Retries.LOCAL_BOUNDED)
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setMaximumAttempts(5)
                      .setDoNotRetry(RefusalFailures.TransportedRefusal.class.getName())
                      .build())
              .build());

  private final AuditActivities audit =
      Workflow.newActivityStub(
          AuditActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(
                  RetryOptions.newBuilder().setMaximumInterval(Duration.ofSeconds(30)).build())
              .build());

  private final WorkflowLock lock = Workflow.newWorkflowLock();
  private CatalogState state;
  private int changes;

  @WorkflowInit
  public GrantCatalogWorkflowImpl(CatalogState given) {
    Instant started = Instant.ofEpochMilli(Workflow.getInfo().getRunStartedTimestampMillis());
    boolean fresh =
        given != null
            && given.savedAt() != null
            && Duration.between(given.savedAt(), started).abs().compareTo(FRESH) <= 0;
    if (given != null && !given.entries().isEmpty() && !fresh) {
      log.warn(
          "ALERT tailgrant.catalog.stale: a catalogue state saved at {} was handed to a run started"
              + " at {}; starting from the config file's grant types",
          given.savedAt(),
          started);
      given = null;
    }
    this.state = given == null ? CatalogState.empty(started) : given;
  }

  @Override
  public void run(CatalogState ignored) {
    Workflow.await(
        () -> changes >= CONTINUE_AS_NEW_AFTER || Workflow.getInfo().isContinueAsNewSuggested());
    Workflow.await(Workflow::isEveryHandlerFinished);
    Workflow.continueAsNew(state.savedAt(now()));
  }

  @Override
  public void validateChange(CatalogChange change) {
    try {
      if (change == null || change.actor() == null || change.name() == null) {
        throw Refusal.badRequest("bad_change", "a change names its actor and grant type");
      }
      if (change.requestedAt() == null
          || Duration.between(change.requestedAt(), now()).abs().compareTo(FRESH) > 0) {
        throw Refusal.forbidden("a catalogue change is accepted only as it is asked");
      }
      requireBase(change);
    } catch (Refusal r) {
      throw RefusalFailures.toFailure(r);
    }
  }

  @Override
  public CatalogEntry change(CatalogChange change) {
    lock.lock();
    try {
      // Another change may have gone in while this one waited for the lock.
      try {
        requireBase(change);
      } catch (Refusal r) {
        throw RefusalFailures.toHandlerFailure(r);
      }
      CatalogDecision decision;
      try {
        decision = checks.check(state, change, now());
      } catch (ActivityFailure e) {
        throw RefusalFailures.toHandlerFailure(
            RefusalFailures.fromFailure(e)
                .orElseGet(
                    () ->
                        new Refusal(
                            Refusal.Kind.CONFLICT,
                            "catalog_unavailable",
                            "the worker could not check the change: " + rootMessage(e))));
      }
      CatalogEntry entry = decision.entry();
      state = state.with(entry, decision.versionsKept());
      changes++;
      audit.record(
          List.of(
              new AuditEvent(
                  "catalog/" + entry.version(),
                  null,
                  (int) entry.version(),
                  entry.at(),
                  entry.actor(),
                  "grant type " + entry.action().wire(),
                  entry.diff(),
                  entry.name(),
                  null,
                  null)));
      return entry;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public CatalogState state() {
    return state;
  }

  private void requireBase(CatalogChange change) {
    if (change.baseVersion() != state.version()) {
      throw new Refusal(
          Refusal.Kind.CONFLICT,
          "catalog_changed",
          "the grant types changed meanwhile (now version "
              + state.version()
              + "); look again and retry");
    }
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
