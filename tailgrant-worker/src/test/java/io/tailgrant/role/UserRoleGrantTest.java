package io.tailgrant.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.grant.Decision;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.grant.RevokeRequest;
import io.tailgrant.grant.TimelineEvent;
import io.tailgrant.sim.ExposureLog;
import io.tailgrant.worker.WorkflowTestStack;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * user-role grants through their whole life on time-skipping Temporal and the simulated tailnet:
 * the role given and restored, never an owner's, never lowered, a hand change left alone, and
 * overlapping grants held at the highest role until the last ends.
 */
class UserRoleGrantTest {
  static final String ALICE = "alice@example.com";
  private WorkflowTestStack stack;

  @BeforeEach
  void start() {
    stack = new WorkflowTestStack();
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  private static String detail(GrantView v, String action) {
    return v.timeline().stream()
        .filter(e -> e.action().equals(action))
        .map(TimelineEvent::detail)
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no '" + action + "' in " + v.timeline()));
  }

  @Test
  void theRoleIsGivenForTheDurationAndTheOldOneComesBack() {
    GrantWorkflow wf = stack.requestTailnet("net-admin", ALICE, Duration.ofMinutes(30));
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);
    assertEquals("network-admin", stack.role(ALICE));
    assertEquals("role member → network-admin", detail(active, "tailnet role"));
    assertEquals("network-admin", active.userRole());

    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.EXPIRED, done.status());
    assertEquals("member", stack.role(ALICE));
    assertTrue(detail(done, "tailnet role").contains("restored"), done.timeline().toString());
    // Removal starts at the end and takes a few calls: what the exposure log measures as over-run.
    ExposureLog.Interval held = roleInterval("network-admin");
    assertTrue(
        !held.to().isAfter(done.expiresAt().plusSeconds(2)), held + " ends by " + done.expiresAt());
  }

  @Test
  void anApprovedAdminGrantRaisesTheRoleAndRevokingRestoresIt() {
    GrantWorkflow wf = stack.requestTailnet("tailnet-admin", ALICE, Duration.ofHours(1));
    stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    assertEquals("member", stack.role(ALICE), "nothing before approval");
    String id = WorkflowTestStack.grantId(wf);
    assertEquals(
        GrantStatus.ACTIVE, wf.approve(new Decision("bob@example.com", "ok", id, null)).status());
    assertEquals("admin", stack.role(ALICE));
    GrantView revoked = wf.revoke(new RevokeRequest(ALICE, "done", id, null));
    assertEquals(GrantStatus.REVOKED, revoked.status());
    assertEquals("member", stack.role(ALICE));
  }

  @Test
  void theOwnersRoleIsNeverTouched() {
    GrantView v =
        stack.result(
            stack.requestTailnet("net-admin", "carol@example.com", Duration.ofMinutes(30)));
    assertEquals(GrantStatus.FAILED, v.status());
    assertTrue(v.failure().contains("owner"), v.failure());
    assertEquals("owner", stack.role("carol@example.com"));
  }

  @Test
  void aUserWhoAlreadyHoldsTheRoleOrAHigherOneIsRefused() {
    stack.sim.state().setRole(ALICE, "admin");
    GrantView v = stack.result(stack.requestTailnet("net-admin", ALICE, Duration.ofMinutes(30)));
    assertEquals(GrantStatus.FAILED, v.status());
    assertTrue(v.failure().contains("already holds admin"), v.failure());
    assertEquals("admin", stack.role(ALICE), "never lowered");
  }

  @Test
  void aRoleThatWouldTakeRightsAwayIsRefused() {
    stack.sim.state().setRole(ALICE, "network-admin");
    GrantView v = stack.result(stack.requestTailnet("it-admin", ALICE, Duration.ofMinutes(30)));
    assertEquals(GrantStatus.FAILED, v.status());
    assertTrue(v.failure().contains("never lowers"), v.failure());
    assertEquals("network-admin", stack.role(ALICE));
  }

  @Test
  void aRoleChangedByHandDuringTheGrantIsLeftAsItIsAtTheEnd() {
    GrantWorkflow wf = stack.requestTailnet("net-admin", ALICE, Duration.ofMinutes(30));
    stack.awaitStatus(wf, GrantStatus.ACTIVE);
    stack.sim.state().setRole(ALICE, "auditor");
    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.EXPIRED, done.status());
    assertEquals("auditor", stack.role(ALICE));
    assertTrue(
        detail(done, "tailnet role").contains("changed by hand"), done.timeline().toString());
  }

  @Test
  void overlappingGrantsHoldTheHighestRoleUntilTheLastEnds() {
    GrantWorkflow low = stack.requestTailnet("net-admin", ALICE, Duration.ofHours(2));
    stack.awaitStatus(low, GrantStatus.ACTIVE);
    GrantWorkflow high = stack.requestTailnet("tailnet-admin", ALICE, Duration.ofHours(1));
    stack.awaitStatus(high, GrantStatus.PENDING_APPROVAL);
    high.approve(new Decision("bob@example.com", "ok", WorkflowTestStack.grantId(high), null));
    assertEquals("admin", stack.role(ALICE));

    GrantView highDone = stack.result(high);
    assertEquals("network-admin", stack.role(ALICE), "the lower grant still runs");
    assertTrue(detail(highDone, "tailnet role").contains("admin → network-admin"));

    GrantView lowDone = stack.result(low);
    assertEquals(GrantStatus.EXPIRED, lowDone.status());
    assertEquals("member", stack.role(ALICE));
    assertTrue(detail(lowDone, "tailnet role").contains("restored"));
  }

  @Test
  void aLowerGrantEndingFirstLeavesTheHigherRoleInPlace() {
    GrantWorkflow high = stack.requestTailnet("tailnet-admin", ALICE, Duration.ofHours(2));
    stack.awaitStatus(high, GrantStatus.PENDING_APPROVAL);
    high.approve(new Decision("erin@example.com", "ok", WorkflowTestStack.grantId(high), null));
    GrantWorkflow low = stack.requestTailnet("net-admin", ALICE, Duration.ofMinutes(30));
    GrantView lowActive = stack.awaitStatus(low, GrantStatus.ACTIVE);
    assertTrue(detail(lowActive, "tailnet role").contains("admin held"));
    stack.result(low);
    assertEquals("admin", stack.role(ALICE));
    stack.result(high);
    assertEquals("member", stack.role(ALICE));
  }

  @Test
  void anOverlappingRoleNeitherAboveNorBelowIsRefusedAndTheFirstStays() {
    GrantWorkflow first = stack.requestTailnet("net-admin", ALICE, Duration.ofHours(1));
    stack.awaitStatus(first, GrantStatus.ACTIVE);
    GrantView second =
        stack.result(stack.requestTailnet("it-admin", ALICE, Duration.ofMinutes(30)));
    assertEquals(GrantStatus.FAILED, second.status());
    assertTrue(second.failure().contains("neither above nor below"), second.failure());
    assertEquals("network-admin", stack.role(ALICE));
    assertEquals(GrantStatus.ACTIVE, first.view().status());
  }

  @Test
  void theManagerRestoresTheRoleAtItsEndEvenIfTheGrantWorkflowIsGone() {
    GrantWorkflow wf = stack.requestTailnet("net-admin", ALICE, Duration.ofMinutes(30));
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);
    // Terminating with an activity in flight would leave the test server's clock locked for good.
    stack.awaitPublished(wf, GrantStatus.ACTIVE);
    WorkflowStub.fromTyped(wf).terminate("operator");
    stack.env.sleep(Duration.ofMinutes(31));
    assertEquals("member", stack.role(ALICE));
    Instant restored = roleInterval("network-admin").to();
    assertTrue(!restored.isAfter(active.expiresAt().plusSeconds(1)), restored.toString());
    RoleManagerState state =
        stack
            .client
            .newWorkflowStub(UserRoleManagerWorkflow.class, GrantIds.userRoleWorkflowId(ALICE))
            .state();
    assertTrue(state.assets().isEmpty() && state.applied() == null, state.toString());
  }

  private ExposureLog.Interval roleInterval(String role) {
    return stack.sim.state().exposure().intervals().stream()
        .filter(i -> i.kind().equals("role") && i.nodeId().equals(ALICE) && i.name().equals(role))
        .reduce((a, b) -> b)
        .orElseThrow();
  }
}
