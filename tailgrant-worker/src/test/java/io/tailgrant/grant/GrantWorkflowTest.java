package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.directory.DirectoryPages;
import io.tailgrant.directory.GrantDirectoryWorkflow;
import io.tailgrant.sim.SimDeviceView;
import io.tailgrant.worker.WorkflowTestStack;
import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GrantWorkflowTest {
  private static final String SSH = "custom:tailgrant_ssh_prod";
  private static final String DB = "custom:tailgrant_db_admin";
  private WorkflowTestStack stack;

  @BeforeEach
  void start() {
    stack = new WorkflowTestStack();
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  @Test
  void lowRiskGrantIsApprovedAutomaticallyAndApplied() {
    GrantWorkflow wf =
        stack.request(
            "ssh-prod", "alice@example.com", "alice-laptop", Duration.ofHours(1), "deploy fix");
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);
    SimDeviceView laptop = stack.device("alice-laptop");
    assertEquals(true, laptop.attributes().get(SSH).value());
    assertTrue(active.timeline().stream().anyMatch(e -> e.action().equals("auto-approved")));
    assertEquals(active.activatedAt().plus(Duration.ofHours(1)), active.expiresAt());
  }

  @Test
  void postureAttributeExpiryEqualsGrantEnd() {
    GrantWorkflow wf =
        stack.request("ssh-prod", "alice@example.com", "alice-laptop", Duration.ofMinutes(45), "x");
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);
    Instant expiry = stack.device("alice-laptop").attributes().get(SSH).expiry();
    assertEquals(active.expiresAt().truncatedTo(ChronoUnit.MILLIS), expiry);
  }

  @Test
  void expiryRemovesTheAttribute() {
    GrantWorkflow wf =
        stack.request("ssh-prod", "alice@example.com", "alice-laptop", Duration.ofMinutes(30), "x");
    stack.awaitStatus(wf, GrantStatus.ACTIVE);
    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.EXPIRED, done.status());
    assertFalse(stack.device("alice-laptop").attributes().containsKey(SSH));
    assertNotNull(done.endedAt());
  }

  @Test
  void highRiskGrantWaitsForAnApproverThenApplies() {
    GrantWorkflow wf =
        stack.request(
            "db-admin", "alice@example.com", "alice-laptop", Duration.ofHours(1), "incident 42");
    GrantView pending = stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    assertTrue(pending.approvers().containsAll(List.of("bob@example.com", "erin@example.com")));
    assertFalse(stack.device("alice-laptop").attributes().containsKey(DB));

    GrantView afterApprove =
        wf.approve(new Decision("bob@example.com", "ok", WorkflowTestStack.grantId(wf), null));
    assertEquals(GrantStatus.ACTIVE, afterApprove.status());
    assertEquals("granted", stack.device("alice-laptop").attributes().get(DB).value());
    assertEquals("bob@example.com", afterApprove.approvals().get(0).actor());
  }

  @Test
  void denyEndsTheGrantWithoutAccess() {
    GrantWorkflow wf =
        stack.request("db-admin", "alice@example.com", "alice-laptop", Duration.ofHours(1), "x");
    stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    GrantView denied =
        wf.deny(
            new Decision(
                "erin@example.com", "not during the freeze", WorkflowTestStack.grantId(wf), null));
    assertEquals(GrantStatus.DENIED, denied.status());
    assertEquals(GrantStatus.DENIED, stack.result(wf).status());
    assertFalse(stack.device("alice-laptop").attributes().containsKey(DB));
    assertTrue(
        denied.timeline().stream()
            .anyMatch(e -> e.action().equals("denied") && "erin@example.com".equals(e.actor())));
  }

  @Test
  void unansweredApprovalTimesOutToDenied() {
    GrantWorkflow wf =
        stack.request("db-admin", "alice@example.com", "alice-laptop", Duration.ofHours(1), "x");
    stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    GrantView done = stack.result(wf); // time skips past the 30-minute approval timeout
    assertEquals(GrantStatus.DENIED, done.status());
    assertTrue(done.timeline().stream().anyMatch(e -> e.action().equals("approval timed out")));
    assertFalse(stack.device("alice-laptop").attributes().containsKey(DB));
  }

  @Test
  void requesterCannotApproveTheirOwnGrant() {
    GrantWorkflow wf =
        stack.request("db-admin", "bob@example.com", "bob-laptop", Duration.ofHours(1), "x");
    stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    WorkflowUpdateException e =
        assertThrows(
            WorkflowUpdateException.class,
            () ->
                wf.approve(
                    new Decision("bob@example.com", "self", WorkflowTestStack.grantId(wf), null)));
    Refusal r = RefusalFailures.fromFailure(e).orElseThrow();
    assertEquals(Refusal.Kind.FORBIDDEN, r.kind());
    assertEquals(GrantStatus.PENDING_APPROVAL, wf.view().status());
  }

  @Test
  void nonApproverCannotDeny() {
    GrantWorkflow wf =
        stack.request("db-admin", "alice@example.com", "alice-laptop", Duration.ofHours(1), "x");
    stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    WorkflowUpdateException e =
        assertThrows(
            WorkflowUpdateException.class,
            () ->
                wf.deny(
                    new Decision("dave@example.com", "no", WorkflowTestStack.grantId(wf), null)));
    assertEquals(Refusal.Kind.FORBIDDEN, RefusalFailures.fromFailure(e).orElseThrow().kind());
    assertEquals(GrantStatus.PENDING_APPROVAL, wf.view().status());
    assertTrue(wf.view().approvals().isEmpty());
  }

  @Test
  void revokeRemovesAccessAtOnce() {
    GrantWorkflow wf =
        stack.request("ssh-prod", "alice@example.com", "alice-laptop", Duration.ofHours(1), "x");
    stack.awaitStatus(wf, GrantStatus.ACTIVE);
    GrantView revoked =
        wf.revoke(
            new RevokeRequest(
                "alice@example.com", "done early", WorkflowTestStack.grantId(wf), null));
    assertEquals(GrantStatus.REVOKED, revoked.status());
    assertFalse(stack.device("alice-laptop").attributes().containsKey(SSH));
  }

  @Test
  void strangerCannotRevoke() {
    GrantWorkflow wf =
        stack.request("ssh-prod", "alice@example.com", "alice-laptop", Duration.ofHours(1), "x");
    stack.awaitStatus(wf, GrantStatus.ACTIVE);
    WorkflowUpdateException e =
        assertThrows(
            WorkflowUpdateException.class,
            () ->
                wf.revoke(
                    new RevokeRequest(
                        "dave@example.com", "mine now", WorkflowTestStack.grantId(wf), null)));
    assertEquals(Refusal.Kind.FORBIDDEN, RefusalFailures.fromFailure(e).orElseThrow().kind());
    assertEquals(GrantStatus.ACTIVE, wf.view().status());
  }

  @Test
  void extendIsClampedToMaxDurationFromActivation() {
    GrantWorkflow wf =
        stack.request("ssh-prod", "alice@example.com", "alice-laptop", Duration.ofHours(1), "x");
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);
    GrantView extended =
        wf.extend(
            new ExtendRequest(
                "alice@example.com", Duration.ofHours(5), WorkflowTestStack.grantId(wf)));
    Instant ceiling = active.activatedAt().plus(Duration.ofHours(2));
    assertEquals(ceiling, extended.expiresAt());
    assertEquals(
        ceiling.truncatedTo(ChronoUnit.MILLIS),
        stack.device("alice-laptop").attributes().get(SSH).expiry());

    WorkflowUpdateException again =
        assertThrows(
            WorkflowUpdateException.class,
            () ->
                wf.extend(
                    new ExtendRequest(
                        "alice@example.com",
                        Duration.ofMinutes(10),
                        WorkflowTestStack.grantId(wf))));
    assertEquals(Refusal.Kind.CONFLICT, RefusalFailures.fromFailure(again).orElseThrow().kind());

    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.EXPIRED, done.status());
    assertEquals(ceiling, done.expiresAt());
  }

  @Test
  void twoGrantsOnOneDeviceAreBothAppliedAndEndingOneKeepsTheOther() {
    GrantWorkflow ssh =
        stack.request("ssh-prod", "alice@example.com", "alice-laptop", Duration.ofHours(1), "x");
    GrantWorkflow db =
        stack.request("db-admin", "alice@example.com", "alice-laptop", Duration.ofHours(1), "y");
    stack.awaitStatus(db, GrantStatus.PENDING_APPROVAL);
    db.approve(new Decision("bob@example.com", null, WorkflowTestStack.grantId(db), null));
    stack.awaitStatus(ssh, GrantStatus.ACTIVE);
    stack.awaitStatus(db, GrantStatus.ACTIVE);
    assertTrue(stack.device("alice-laptop").attributes().keySet().containsAll(List.of(SSH, DB)));

    ssh.revoke(new RevokeRequest("alice@example.com", null, WorkflowTestStack.grantId(ssh), null));
    assertFalse(stack.device("alice-laptop").attributes().containsKey(SSH));
    assertTrue(stack.device("alice-laptop").attributes().containsKey(DB));
  }

  @Test
  void twoGrantsHoldingTheSameAttributeKeepItUntilTheLastEnds() {
    GrantWorkflow first =
        stack.request("ssh-prod", "alice@example.com", "alice-laptop", Duration.ofMinutes(30), "x");
    GrantWorkflow second =
        stack.request("ssh-prod", "alice@example.com", "alice-laptop", Duration.ofHours(2), "y");
    stack.awaitStatus(first, GrantStatus.ACTIVE);
    GrantView longer = stack.awaitStatus(second, GrantStatus.ACTIVE);
    assertEquals(GrantStatus.EXPIRED, stack.result(first).status());
    assertEquals(GrantStatus.EXPIRED, stack.result(second).status());
    // Checked after both ended (time skipping may run on as soon as a result returns): the
    // attribute was
    // present in one stretch, from the first activation until the longer grant's end, not the
    // shorter's.
    String nodeId = stack.device("alice-laptop").nodeId();
    var stretches =
        stack.sim.state().exposure().intervals().stream()
            .filter(i -> i.nodeId().equals(nodeId) && i.name().equals(SSH))
            .toList();
    assertEquals(1, stretches.size(), stretches.toString());
    assertFalse(stretches.get(0).to().isBefore(longer.expiresAt()), stretches.toString());
    assertFalse(stack.device("alice-laptop").attributes().containsKey(SSH));
  }

  @Test
  void tagsGrantOnAUserOwnedDeviceIsRefusedWithTheReason() {
    GrantWorkflow wf =
        stack.request("ci-deploy", "alice@example.com", "alice-laptop", Duration.ofHours(1), "x");
    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.FAILED, done.status());
    assertTrue(done.failure().contains("user-owned"), done.failure());
    assertTrue(stack.device("alice-laptop").tags().isEmpty());
  }

  @Test
  void tagsGrantAddsAndRemovesItsTagWithFourApiCalls() {
    GrantWorkflow wf =
        stack.request(
            "ci-deploy", "alice@example.com", "ci-runner-1", Duration.ofHours(1), "release");
    stack.awaitStatus(wf, GrantStatus.ACTIVE);
    assertEquals(List.of("tag:ci", "tag:deploy"), stack.device("ci-runner-1").tags());
    assertEquals(GrantStatus.EXPIRED, stack.result(wf).status());
    assertEquals(List.of("tag:ci"), stack.device("ci-runner-1").tags());
    long deviceCalls =
        stack.sim.calls().snapshot().entrySet().stream()
            .filter(e -> e.getKey().contains("/device/"))
            .mapToLong(e -> e.getValue())
            .sum();
    assertEquals(4, deviceCalls, stack.sim.calls().snapshot().toString());
  }

  @Test
  void apiRefusalFailsTheGrantWithTheApiMessage() {
    GrantWorkflow wf =
        stack.request("bad-tag", "alice@example.com", "ci-runner-1", Duration.ofHours(1), "x");
    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.FAILED, done.status());
    assertTrue(
        done.failure().contains("requested tags [tag:not-ours] are invalid or not permitted"),
        done.failure());
    assertEquals(List.of("tag:ci"), stack.device("ci-runner-1").tags());
    assertTrue(
        done.timeline().stream()
            .anyMatch(
                e ->
                    e.action().equals("activation failed")
                        && e.detail().contains("invalid or not permitted")));
  }

  @Test
  void directoryListsTheGrantWithItsFinalStatus() {
    GrantWorkflow wf =
        stack.request("ssh-prod", "alice@example.com", "alice-laptop", Duration.ofMinutes(30), "x");
    GrantView done = stack.result(wf);
    GrantDirectoryWorkflow directory =
        stack.client.newWorkflowStub(GrantDirectoryWorkflow.class, GrantIds.DIRECTORY_WORKFLOW_ID);
    var listed =
        directory.grants().stream().filter(g -> g.id().equals(done.id())).findFirst().orElseThrow();
    assertEquals(GrantStatus.EXPIRED, listed.status());
    assertEquals(done.endedAt(), listed.endedAt());
    // Readers page the directory (grantsAfter): the same grants, in the same order.
    assertEquals(
        directory.grants(), DirectoryPages.readAll(stack.client, WorkflowTestStack.TASK_QUEUE));
    assertEquals(List.of(listed), directory.grantsAfter(null, DirectoryPages.PAGE_LIMIT));
  }
}
