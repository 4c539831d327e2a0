package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.worker.WorkflowTestStack;
import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Approvers shape the grant: an approval for less time than was asked makes the grant that short
 * (the shortest of several wins), and no extension goes past it; an approval for longer than asked,
 * or under the type's minimum, is refused and changes nothing.
 */
class ApproverDurationWorkflowTest {
  private static final String ALICE = "alice@example.com";
  private WorkflowTestStack stack;

  @BeforeEach
  void start() {
    stack = new WorkflowTestStack();
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  private GrantWorkflow pending(String type) {
    GrantWorkflow wf = stack.request(type, ALICE, "alice-laptop", Duration.ofHours(1), "incident");
    stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    return wf;
  }

  private static Refusal refused(Runnable call) {
    WorkflowUpdateException e = assertThrows(WorkflowUpdateException.class, call::run);
    return RefusalFailures.fromFailure(e).orElseThrow();
  }

  @Test
  void anApproverWhoShortensTheGrantMakesItThatShortAndNoExtensionGoesPastIt() {
    GrantWorkflow wf = pending("db-admin");
    String id = WorkflowTestStack.grantId(wf);
    GrantView active =
        wf.approve(
            new Decision(
                "bob@example.com", "the migration only", id, null, Duration.ofMinutes(30)));

    assertEquals(GrantStatus.ACTIVE, active.status());
    assertEquals(Duration.ofHours(1), active.duration(), "what was asked stays on record");
    assertEquals(Duration.ofMinutes(30), active.approvedDuration());
    assertEquals(active.activatedAt().plus(Duration.ofMinutes(30)), active.expiresAt());
    assertEquals("bob@example.com", active.shortenedBy().actor());
    assertEquals("the migration only", active.shortenedBy().comment(), "the requester sees why");
    assertTrue(
        active.timeline().stream()
            .anyMatch(
                e ->
                    e.action().equals("approved")
                        && "for 30m of the 1h asked: the migration only".equals(e.detail())),
        active::toString);

    Refusal more = refused(() -> wf.extend(new ExtendRequest(ALICE, Duration.ofMinutes(10), id)));
    assertEquals(Refusal.Kind.CONFLICT, more.kind());

    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.EXPIRED, done.status());
    assertEquals(active.expiresAt(), done.expiresAt());
  }

  @Test
  void withSeveralApprovalsTheShortestWins() {
    GrantWorkflow wf = pending("db-root"); // two of bob, erin and carol
    String id = WorkflowTestStack.grantId(wf);
    wf.approve(new Decision("bob@example.com", "40 is plenty", id, null, Duration.ofMinutes(40)));
    GrantView active =
        wf.approve(
            new Decision("erin@example.com", "20, really", id, null, Duration.ofMinutes(20)));

    assertEquals(GrantStatus.ACTIVE, active.status());
    assertEquals(Duration.ofMinutes(20), active.approvedDuration());
    assertEquals(active.activatedAt().plus(Duration.ofMinutes(20)), active.expiresAt());
    assertEquals("erin@example.com", active.shortenedBy().actor());
    assertEquals(Duration.ofMinutes(40), active.approvals().get(0).duration());
  }

  @Test
  void anApprovalAsAskedLeavesTheGrantAsAsked() {
    GrantWorkflow wf = pending("db-admin");
    GrantView active =
        wf.approve(
            new Decision(
                "bob@example.com", "ok", WorkflowTestStack.grantId(wf), null, Duration.ofHours(1)));
    assertEquals(Duration.ofHours(1), active.approvedDuration());
    assertNull(active.shortenedBy());
    assertEquals(active.activatedAt().plus(Duration.ofHours(1)), active.expiresAt());
  }

  @Test
  void longerThanAskedUnderTheMinimumOrOnADenyIsRefusedAndChangesNothing() {
    GrantWorkflow wf = pending("db-admin"); // minDuration 1m
    String id = WorkflowTestStack.grantId(wf);
    Refusal longer =
        refused(
            () -> wf.approve(new Decision("bob@example.com", "", id, null, Duration.ofHours(2))));
    assertEquals("duration_longer_than_asked", longer.code());
    Refusal tooShort =
        refused(
            () ->
                wf.approve(new Decision("bob@example.com", "", id, null, Duration.ofSeconds(30))));
    assertEquals("duration_out_of_range", tooShort.code());
    Refusal deny =
        refused(
            () -> wf.deny(new Decision("bob@example.com", "", id, null, Duration.ofMinutes(5))));
    assertEquals("bad_duration", deny.code());

    GrantView still = wf.view();
    assertEquals(GrantStatus.PENDING_APPROVAL, still.status());
    assertTrue(still.approvals().isEmpty(), still::toString);
  }
}
