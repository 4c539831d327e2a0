package io.tailgrant.events;

import io.tailgrant.audit.AuditActivities;
import io.tailgrant.audit.AuditEvent;
import io.tailgrant.temporal.Retries;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Carries out one Tailscale event: finds the grants it touches in the directory, takes every step
 * at once (each an Update on the grant's own workflow, retried until it lands or the grant says why
 * not), and audits the event, each step and the outcome. A second sweep a minute later catches
 * grants that were still being started when the event came (the directory learns of a grant from
 * its first workflow task).
 */
public class TailnetEventWorkflowImpl implements TailnetEventWorkflow {
  /** When the second sweep looks again. */
  static final Duration SECOND_SWEEP_AFTER = Duration.ofMinutes(1);

  private final TailnetEventActivities activities =
      Workflow.newActivityStub(
          TailnetEventActivities.class,
          ActivityOptions.newBuilder()
              // A revoke Update waits up to 10 s for the grant to end; removal is not waited for.
              .setStartToCloseTimeout(Duration.ofSeconds(60))
              .setRetryOptions(Retries.UNTIL_DONE)
              .build());

  private final AuditActivities audit =
      Workflow.newActivityStub(
          AuditActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(
                  RetryOptions.newBuilder().setMaximumInterval(Duration.ofSeconds(30)).build())
              .build());

  private final List<AuditEvent> events = new ArrayList<>();
  private int published;
  private String workflowId;
  private String actor;
  private int revoked;
  private int withdrawn;
  private int unchanged;

  @Override
  public TailnetEventReport run(TailnetEventInput input) {
    workflowId = Workflow.getInfo().getWorkflowId();
    actor = TailnetEventRules.actor(input);
    record(null, "tailscale event", TailnetEventRules.reason(input));
    publish();
    Set<String> taken = new HashSet<>();
    for (int sweep = 0; sweep < 2; sweep++) {
      if (sweep > 0) {
        Workflow.sleep(SECOND_SWEEP_AFTER);
      }
      List<TailnetEventStep> steps = new ArrayList<>();
      for (TailnetEventStep s : activities.plan(input)) {
        if (taken.add(s.key())) {
          steps.add(s);
        }
      }
      List<Promise<StepOutcome>> outcomes = new ArrayList<>();
      for (TailnetEventStep s : steps) {
        outcomes.add(Async.function(activities::take, input, s));
      }
      for (int i = 0; i < steps.size(); i++) {
        TailnetEventStep step = steps.get(i);
        StepOutcome outcome = outcomes.get(i).get();
        boolean revoke = step.kind() == TailnetEventStep.Kind.REVOKE;
        if (!outcome.changed()) {
          unchanged++;
        } else if (revoke) {
          revoked++;
        } else {
          withdrawn++;
        }
        record(step, action(step, outcome), outcome.detail());
      }
      publish();
    }
    record(
        null,
        "tailscale event handled",
        revoked
            + " grant(s) ended, "
            + withdrawn
            + " approval(s) withdrawn, "
            + unchanged
            + " left as they were");
    publish();
    return report();
  }

  @Override
  public TailnetEventReport report() {
    return new TailnetEventReport(revoked, withdrawn, unchanged);
  }

  private static String action(TailnetEventStep step, StepOutcome outcome) {
    if (!outcome.changed()) {
      return "unchanged";
    }
    return step.kind() == TailnetEventStep.Kind.REVOKE ? "grant revoked" : "approval withdrawn";
  }

  /** Adds an audit event: {@code <workflowId>/<seq>}, about {@code step}'s grant if any. */
  private void record(TailnetEventStep step, String action, String detail) {
    int seq = events.size() + 1;
    events.add(
        new AuditEvent(
            workflowId + "/" + seq,
            step == null ? null : step.grantId(),
            seq,
            Instant.ofEpochMilli(Workflow.currentTimeMillis()),
            actor,
            action,
            detail,
            step == null ? null : step.grantType(),
            step == null ? null : step.requester(),
            step == null ? null : step.target()));
  }

  /** Writes the audit events not yet written (an activity, retried until it lands). */
  private void publish() {
    if (published < events.size()) {
      audit.record(List.copyOf(events.subList(published, events.size())));
      published = events.size();
    }
  }
}
