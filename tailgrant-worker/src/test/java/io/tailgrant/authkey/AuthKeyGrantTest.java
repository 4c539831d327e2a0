package io.tailgrant.authkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.grant.Refusal;
import io.tailgrant.grant.RefusalFailures;
import io.tailgrant.grant.RevokeRequest;
import io.tailgrant.grant.TimelineEvent;
import io.tailgrant.secrets.RecipientSeal;
import io.tailgrant.sim.ExposureLog;
import io.tailgrant.sim.SimApiError;
import io.tailgrant.sim.SimDeviceView;
import io.tailgrant.worker.WorkflowTestStack;
import io.temporal.client.WorkflowUpdateException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * auth-key grants through their whole life: the key minted for its requester once, sealed, never in
 * history or the audit file, expiring with the grant; at the end deleted, with the devices that
 * joined with it listed in the timeline and removed when the type says so.
 */
class AuthKeyGrantTest {
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

  private static String key(GrantWorkflow wf) {
    IssuedAuthKey issued =
        wf.authKey(
            new AuthKeyRequest(
                ALICE, WorkflowTestStack.grantId(wf), WorkflowTestStack.RECIPIENT_KEY));
    return RecipientSeal.open(
        issued.key(), WorkflowTestStack.RECIPIENT, WorkflowTestStack.grantId(wf));
  }

  private static Refusal refusal(Runnable call) {
    WorkflowUpdateException e = assertThrows(WorkflowUpdateException.class, call::run);
    return RefusalFailures.fromFailure(e).orElseThrow(() -> new AssertionError(e));
  }

  private static String detail(GrantView v, String action) {
    return v.timeline().stream()
        .filter(e -> e.action().equals(action))
        .map(TimelineEvent::detail)
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no '" + action + "' in " + v.timeline()));
  }

  @Test
  void theKeyIsShownOnceJoinsOneEphemeralDeviceAndIsGoneWithTheDeviceAtTheEnd() throws Exception {
    GrantWorkflow wf = stack.requestTailnet("ci-join", ALICE, Duration.ofMinutes(30));
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);
    String key = key(wf);
    assertTrue(key.startsWith("tskey-auth-"), "a real auth key");
    assertEquals("ended", refusal(() -> key(wf)).code(), "shown once");
    assertEquals(
        "not_found",
        refusal(
                () ->
                    wf.authKey(
                        new AuthKeyRequest(
                            "bob@example.com",
                            WorkflowTestStack.grantId(wf),
                            WorkflowTestStack.RECIPIENT_KEY)))
            .code());

    SimDeviceView joined = stack.sim.state().join(key, "ci-build-7");
    assertEquals(java.util.List.of("tag:ci"), joined.tags());
    assertTrue(joined.ephemeral());

    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.EXPIRED, done.status());
    assertTrue(stack.sim.state().authKeyIds().isEmpty(), "the key is deleted");
    assertTrue(stack.sim.state().findDevice("ci-build-7").isEmpty(), "the device is removed");
    assertEquals("ci-build-7 (removed)", detail(done, "joined with its key"));
    assertTrue(detail(done, "auth key issued").contains("shown once"));
    ExposureLog.Interval valid = keyInterval();
    assertTrue(!valid.to().isAfter(active.expiresAt()), valid + " ends by " + active.expiresAt());

    String audit = Files.readString(stack.auditFile);
    String history =
        stack
            .client
            .fetchHistory(io.tailgrant.grant.GrantIds.grantWorkflowId(done.id()))
            .toJson(false);
    assertFalse(audit.contains(key) || audit.contains(key.substring(key.lastIndexOf('-') + 1)));
    assertFalse(history.contains(key.substring(key.lastIndexOf('-') + 1)), "no key in history");
  }

  @Test
  void aUsedSingleUseKeyJoinsNoSecondDevice() {
    GrantWorkflow wf = stack.requestTailnet("ci-join", ALICE, Duration.ofMinutes(30));
    stack.awaitStatus(wf, GrantStatus.ACTIVE);
    String key = key(wf);
    stack.sim.state().join(key, "first");
    assertThrows(SimApiError.class, () -> stack.sim.state().join(key, "second"));
  }

  @Test
  void aReusableKeysDevicesAreListedAndKeptWhenTheTypeSaysSo() {
    GrantWorkflow wf = stack.requestTailnet("ci-join-keep", ALICE, Duration.ofMinutes(30));
    stack.awaitStatus(wf, GrantStatus.ACTIVE);
    String key = key(wf);
    stack.sim.state().join(key, "runner-a");
    stack.sim.state().join(key, "runner-b");
    GrantView done = stack.result(wf);
    assertEquals("runner-a (kept), runner-b (kept)", detail(done, "joined with its key"));
    assertTrue(stack.sim.state().findDevice("runner-a").isPresent());
    assertTrue(stack.sim.state().authKeyIds().isEmpty());
    assertThrows(SimApiError.class, () -> stack.sim.state().join(key, "runner-c"));
  }

  @Test
  void revokingEndsTheKeyAtOnce() {
    GrantWorkflow wf = stack.requestTailnet("ci-join", ALICE, Duration.ofMinutes(30));
    stack.awaitStatus(wf, GrantStatus.ACTIVE);
    String key = key(wf);
    GrantView revoked =
        wf.revoke(new RevokeRequest(ALICE, "done early", WorkflowTestStack.grantId(wf), null));
    assertEquals(GrantStatus.REVOKED, revoked.status());
    assertThrows(SimApiError.class, () -> stack.sim.state().join(key, "too-late"));
    assertEquals("no device", detail(revoked, "joined with its key"));
  }

  @Test
  void aKeyNobodyAskedForLeavesNothingToEnd() {
    GrantView done = stack.result(stack.requestTailnet("ci-join", ALICE, Duration.ofMinutes(30)));
    assertEquals(GrantStatus.EXPIRED, done.status());
    assertTrue(done.timeline().stream().noneMatch(e -> e.action().contains("key")));
    assertEquals(0, stack.sim.calls().get("POST /api/v2/tailnet/{tailnet}/keys"));
  }

  @Test
  void anAuthKeyIsOnlyForAuthKeyGrants() {
    GrantWorkflow wf = stack.requestTailnet("net-admin", ALICE, Duration.ofMinutes(30));
    stack.awaitStatus(wf, GrantStatus.ACTIVE);
    assertEquals("not_auth_key", refusal(() -> key(wf)).code());
  }

  private ExposureLog.Interval keyInterval() {
    return stack.sim.state().exposure().intervals().stream()
        .filter(i -> i.kind().equals("auth-key"))
        .findFirst()
        .orElseThrow();
  }
}
