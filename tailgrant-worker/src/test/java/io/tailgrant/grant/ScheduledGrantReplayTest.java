package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tailgrant.worker.WorkflowTestStack;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Recorded histories of scheduled grants (version 1 of "scheduled-start") replay against today's
 * code. Re-record (only for an intended, versioned change) with {@code
 * -Dtailgrant.recordHistories=true}, running {@link #recordScheduledHistories} alone.
 */
class ScheduledGrantReplayTest {
  /** Approved (shorter) before its start, waited scheduled, active from the start, expired. */
  static final String APPROVED_HISTORY = "grant-scheduled-approved-started-expired.json";

  /** Approved, then revoked by its requester before its start. */
  static final String CANCELLED_HISTORY = "grant-scheduled-cancelled-before-start.json";

  /** Nobody approved it before its start: denied by TailGrant. */
  static final String UNAPPROVED_HISTORY = "grant-scheduled-unapproved-denied-at-start.json";

  /** A low-risk grant that waited for its start without approval, then expired. */
  static final String LOW_RISK_HISTORY = "grant-scheduled-low-risk-started-expired.json";

  @Test
  @EnabledIfSystemProperty(named = "tailgrant.recordHistories", matches = "true")
  void recordScheduledHistories() throws Exception {
    try (WorkflowTestStack stack = new WorkflowTestStack()) {
      Instant start = stack.now().plus(Duration.ofMinutes(30));
      GrantWorkflow wf =
          stack.start(
              ScheduledGrantWorkflowTest.scheduled(stack, "db-admin", Duration.ofHours(1), start));
      String id = stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL).id();
      wf.approve(new Decision("bob@example.com", "half", id, null, Duration.ofMinutes(30)));
      stack.awaitStatus(wf, GrantStatus.SCHEDULED);
      assertEquals(GrantStatus.EXPIRED, stack.result(wf).status());
      GrantWorkflowReplayTest.saveGrant(stack, id, APPROVED_HISTORY, null);

      start = stack.now().plus(Duration.ofMinutes(30));
      wf =
          stack.start(
              ScheduledGrantWorkflowTest.scheduled(stack, "db-admin", Duration.ofHours(1), start));
      id = stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL).id();
      wf.approve(new Decision("bob@example.com", "ok", id, null));
      stack.awaitStatus(wf, GrantStatus.SCHEDULED);
      wf.revoke(new RevokeRequest("alice@example.com", "plans changed", id, null));
      assertEquals(GrantStatus.REVOKED, stack.result(wf).status());
      GrantWorkflowReplayTest.saveGrant(stack, id, CANCELLED_HISTORY, null);

      start = stack.now().plus(Duration.ofMinutes(10));
      wf =
          stack.start(
              ScheduledGrantWorkflowTest.scheduled(stack, "db-admin", Duration.ofHours(1), start));
      id = stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL).id();
      assertEquals(GrantStatus.DENIED, stack.result(wf).status());
      GrantWorkflowReplayTest.saveGrant(stack, id, UNAPPROVED_HISTORY, null);

      start = stack.now().plus(Duration.ofMinutes(10));
      wf =
          stack.start(
              ScheduledGrantWorkflowTest.scheduled(
                  stack, "ssh-prod", Duration.ofMinutes(5), start));
      id = stack.awaitStatus(wf, GrantStatus.SCHEDULED).id();
      assertEquals(GrantStatus.EXPIRED, stack.result(wf).status());
      GrantWorkflowReplayTest.saveGrant(stack, id, LOW_RISK_HISTORY, null);
    }
  }

  @Test
  void scheduledGrantApprovedBeforeItsStartReplays() throws Exception {
    GrantWorkflowReplayTest.replay(APPROVED_HISTORY);
  }

  @Test
  void scheduledGrantCancelledBeforeItsStartReplays() throws Exception {
    GrantWorkflowReplayTest.replay(CANCELLED_HISTORY);
  }

  @Test
  void scheduledGrantUnapprovedAtItsStartReplays() throws Exception {
    GrantWorkflowReplayTest.replay(UNAPPROVED_HISTORY);
  }

  @Test
  void lowRiskScheduledGrantReplays() throws Exception {
    GrantWorkflowReplayTest.replay(LOW_RISK_HISTORY);
  }
}
