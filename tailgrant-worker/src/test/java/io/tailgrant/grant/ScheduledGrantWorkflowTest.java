package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.worker.WorkflowTestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduled windows in the time-skipping environment: approved before its start and active only
 * from it, until start + the approved duration; cancelled before its start without a Tailscale
 * call; denied by TailGrant when the start comes unapproved; a low-risk grant waits for its start
 * without approval; and the workflow refuses a start the server would have refused.
 */
class ScheduledGrantWorkflowTest {
  static final String ATTRIBUTE = "custom:tailgrant_db_admin";
  static final String ALICE = "alice@example.com";
  static final String BOB = "bob@example.com";

  private WorkflowTestStack stack;

  @BeforeEach
  void start() {
    stack = new WorkflowTestStack();
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  /**
   * {@code grantType} by alice on her laptop for {@code duration}, starting at {@code startsAt}.
   */
  static GrantInput scheduled(
      WorkflowTestStack stack, String grantType, Duration duration, Instant startsAt) {
    GrantInput in = stack.input(grantType, ALICE, duration);
    return new GrantInput(
        in.grantId(),
        in.spec(),
        in.requester(),
        in.target(),
        in.duration(),
        in.reason(),
        in.requestedAt(),
        in.limits(),
        in.ticket(),
        in.capability(),
        false,
        startsAt);
  }

  private boolean holdsAccess() {
    return stack.device("alice-laptop").attributes().containsKey(ATTRIBUTE);
  }

  /** Every Tailscale API call that touches a device, by route. */
  private long deviceCalls() {
    return stack.sim.calls().snapshot().entrySet().stream()
        .filter(e -> e.getKey().contains("/device/"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  @Test
  void approvedBeforeItsStartItIsActiveFromTheStartForTheApprovedDuration() {
    // Two hours ahead: beyond the type's 30 m approval timeout, which a scheduled grant does not
    // keep (its approvers have until the start).
    Instant startsAt = stack.now().plus(Duration.ofHours(2));
    GrantWorkflow wf = stack.start(scheduled(stack, "db-admin", Duration.ofHours(1), startsAt));
    GrantView pending = stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    assertEquals(startsAt, pending.startsAt());

    stack.env.sleep(Duration.ofHours(1));
    String id = pending.id();
    GrantView approved =
        wf.approve(new Decision(BOB, "30 minutes will do", id, null, Duration.ofMinutes(30)));
    assertEquals(GrantStatus.SCHEDULED, approved.status());
    assertNull(approved.activatedAt());
    assertFalse(holdsAccess(), "no access before the start");
    stack.awaitListed(wf, GrantStatus.SCHEDULED);

    stack.env.sleep(Duration.between(stack.now(), startsAt).minusMinutes(1));
    assertEquals(GrantStatus.SCHEDULED, wf.view().status());
    assertFalse(holdsAccess(), "a minute before the start: still none");

    stack.env.sleep(Duration.ofMinutes(2));
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);
    assertTrue(holdsAccess(), "access from the start");
    assertFalse(active.activatedAt().isBefore(startsAt), "access begins at the start");
    assertTrue(active.activatedAt().isBefore(startsAt.plusSeconds(60)), "" + active.activatedAt());
    assertEquals(startsAt.plus(Duration.ofMinutes(30)), active.expiresAt(), "start + approved");

    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.EXPIRED, done.status());
    assertFalse(holdsAccess());
    assertTrue(
        done.timeline().stream()
            .anyMatch(e -> e.action().equals("scheduled") && e.detail().contains(startsAt + "")),
        done.timeline().toString());
  }

  @Test
  void cancelledBeforeItsStartItEndsRevokedWithoutATailscaleCall() {
    Instant startsAt = stack.now().plus(Duration.ofMinutes(30));
    GrantWorkflow wf = stack.start(scheduled(stack, "db-admin", Duration.ofHours(1), startsAt));
    String id = stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL).id();
    wf.approve(new Decision(BOB, "ok", id, null));
    stack.awaitStatus(wf, GrantStatus.SCHEDULED);
    long before = deviceCalls();

    GrantView revoked = wf.revoke(new RevokeRequest(ALICE, "plans changed", id, null));
    assertEquals(GrantStatus.REVOKED, revoked.status());
    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.REVOKED, done.status());
    assertNull(done.activatedAt(), "it never started");
    TimelineEvent last = done.timeline().get(done.timeline().size() - 1);
    assertEquals(ALICE, last.actor());
    assertEquals("before its start", last.detail());
    assertEquals(before, deviceCalls(), "nothing to remove: " + stack.sim.calls().snapshot());
    assertFalse(holdsAccess());
    assertTrue(done.endedAt().isBefore(startsAt));
  }

  @Test
  void aRequestStillUnapprovedAtItsStartIsDeniedByTailGrant() {
    Instant startsAt = stack.now().plus(Duration.ofMinutes(10));
    GrantWorkflow wf = stack.start(scheduled(stack, "db-admin", Duration.ofHours(1), startsAt));
    stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    long before = deviceCalls();

    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.DENIED, done.status());
    assertFalse(done.endedAt().isBefore(startsAt), "not before the start");
    assertTrue(
        done.endedAt().isBefore(startsAt.plus(Duration.ofMinutes(1))),
        "at the start, not at the type's 30 m approval timeout: " + done.endedAt());
    TimelineEvent last = done.timeline().get(done.timeline().size() - 1);
    assertEquals(GrantLifecycle.TAILGRANT, last.actor());
    assertEquals("denied", last.action());
    assertEquals(ScheduledStart.unapprovedAtStart(startsAt), last.detail());
    assertEquals(before, deviceCalls());
    assertFalse(holdsAccess());
  }

  @Test
  void aLowRiskScheduledGrantWaitsForItsStartWithoutApproval() {
    Instant startsAt = stack.now().plus(Duration.ofMinutes(20));
    GrantWorkflow wf = stack.start(scheduled(stack, "ssh-prod", Duration.ofMinutes(15), startsAt));
    GrantView waiting = stack.awaitStatus(wf, GrantStatus.SCHEDULED);
    assertEquals(startsAt, waiting.startsAt());
    assertTrue(waiting.timeline().stream().anyMatch(e -> e.action().equals("auto-approved")));
    assertFalse(stack.device("alice-laptop").attributes().containsKey("custom:tailgrant_ssh_prod"));

    stack.env.sleep(Duration.ofMinutes(21));
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);
    assertFalse(active.activatedAt().isBefore(startsAt));
    assertEquals(startsAt.plus(Duration.ofMinutes(15)), active.expiresAt());
    assertEquals(GrantStatus.EXPIRED, stack.result(wf).status());
  }

  @Test
  void theWorkflowRefusesAStartTheServerWouldHaveRefused() {
    GrantWorkflow tooFar =
        stack.start(
            scheduled(
                stack, "db-admin", Duration.ofHours(1), stack.now().plus(Duration.ofDays(2))));
    GrantView far = stack.result(tooFar);
    assertEquals(GrantStatus.FAILED, far.status());
    assertTrue(far.failure().contains("ahead"), far.failure());

    GrantWorkflow unscheduled =
        stack.start(
            scheduled(
                stack, "db-root", Duration.ofHours(1), stack.now().plus(Duration.ofMinutes(5))));
    GrantView refused = stack.result(unscheduled);
    assertEquals(GrantStatus.FAILED, refused.status());
    assertTrue(refused.failure().contains("takes no startsAt"), refused.failure());
  }
}
