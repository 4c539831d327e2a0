package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tailgrant.approval.ApprovalWorkflowImpl;
import io.tailgrant.authkey.AuthKeyRequest;
import io.tailgrant.authkey.IssuedAuthKey;
import io.tailgrant.catalog.CatalogAction;
import io.tailgrant.catalog.CatalogChange;
import io.tailgrant.catalog.CatalogTestClient;
import io.tailgrant.catalog.GrantCatalogWorkflow;
import io.tailgrant.catalog.GrantCatalogWorkflowImpl;
import io.tailgrant.config.LiveCatalog;
import io.tailgrant.config.TailGrantConfig;
import io.tailgrant.config.TemporalConfig;
import io.tailgrant.device.DeviceTagManagerWorkflowImpl;
import io.tailgrant.kubernetes.IssuedKubeconfig;
import io.tailgrant.kubernetes.KubeconfigRequest;
import io.tailgrant.role.UserRoleManagerWorkflowImpl;
import io.tailgrant.secrets.RecipientSeal;
import io.tailgrant.temporal.TemporalConnection;
import io.tailgrant.worker.WorkflowTestStack;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Recorded GrantWorkflow histories must replay against today's code: a change that breaks them
 * would break every grant running in production. Re-record (only for an intended, versioned change)
 * with {@code -Dtailgrant.recordHistories=true}.
 *
 * <p>Histories recorded since payload encryption came in are encrypted like production ones: each
 * is committed with the key it was recorded with beside it ({@code NAME.key} for {@code
 * NAME.json}), and replays through the production codec with that key. Those keys are random test
 * keys written by {@link WorkflowTestStack} for one recording: they protect nothing and are never
 * used outside tests. Histories without a key file (recorded before encryption) are plain JSON and
 * replay as they are.
 */
class GrantWorkflowReplayTest {
  private static final Path RECORD_DIR = Path.of("src/test/resources/histories");
  private static final String KUBERNETES_HISTORY =
      "grant-kubernetes-kubeconfig-extended-expired.json";

  /** Recorded after adding access became a local activity (version 1 of "local-apply"). */
  private static final String LOCAL_APPLY_HISTORY = "grant-tags-local-apply-expired.json";

  private static final String ADMITTED_HISTORY =
      "grant-admitted-kubernetes-approved-kubeconfig-revoked.json";
  private static final String APPROVAL_HISTORY = "approval-bound-decisions-approved.json";
  private static final String QUORUM_HISTORY =
      "grant-audit-activity-two-approvers-extended-revoked.json";
  private static final String QUORUM_APPROVAL_HISTORY = "approval-two-of-three-approved.json";

  /**
   * Recorded with withdrawals ("withdraw-approvals") and a revocation before approval that waits
   * for the approval's cancellation ("approval-cancel-awaited"), both by a Tailscale event's actor.
   */
  private static final String WITHDRAWN_HISTORY =
      "grant-approval-withdrawn-revoked-before-approval.json";

  private static final String WITHDRAWN_APPROVAL_HISTORY = "approval-withdrawn-cancelled.json";

  /** Recorded with "event-denies-pending": a pending grant a Tailscale event ends is denied. */
  private static final String EVENT_DENIED_HISTORY = "grant-pending-denied-by-tailscale-event.json";

  /** A device manager's history, recorded while removal was a (remote) activity. */
  private static final String DEVICE_MANAGER_HISTORY = "device-manager-apply-release.json";

  /**
   * Recorded after grants notify ("notifications"): a reminder timer cancelled, one fired, a
   * removal-alert timer cancelled, and notifier activities running beside the grant.
   */
  private static final String NOTIFICATIONS_HISTORY =
      "grant-notifications-approved-reminded-expired.json";

  /** The same grant recorded once notifications and the removal head start were both on. */
  private static final String NOTIFICATIONS_HEAD_START_HISTORY =
      "grant-notifications-head-start-approved-reminded-expired.json";

  /** Recorded after removal tried a local activity first ("local-remove-sync"). */
  private static final String RELEASE_HEAD_START_HISTORY =
      "grant-tags-release-head-start-revoked.json";

  private static final String ENDING_SIGNAL_DEVICE_HISTORY = "device-manager-ending-signal.json";

  private static final String LOCAL_REMOVE_DEVICE_HISTORY = "device-manager-local-remove.json";

  /**
   * The directory through a grant's publications and two inventory refreshes, recorded before
   * {@code listDevices} came in: the Update then answered the whole inventory.
   */
  private static final String DIRECTORY_REFRESH_HISTORY = "directory-refresh-devices.json";

  /** The same with {@code listDevices} (answers when it listed) beside {@code refreshDevices}. */
  private static final String DIRECTORY_LIST_HISTORY = "directory-list-devices.json";

  @Test
  void lowRiskGrantThatExpiredReplays() throws Exception {
    replay("grant-low-risk-expired.json");
  }

  @Test
  void approvedExtendedAndRevokedGrantReplays() throws Exception {
    replay("grant-approved-extended-revoked.json");
  }

  @Test
  void kubernetesGrantWithKubeconfigExtendedAndExpiredReplays() throws Exception {
    replay(KUBERNETES_HISTORY);
  }

  @Test
  void tagsGrantWithLocalApplyReplays() throws Exception {
    replay(LOCAL_APPLY_HISTORY);
  }

  @Test
  void kubernetesHistoryIsEncryptedAndDoesNotReplayWithoutItsKey() throws Exception {
    String json = history(KUBERNETES_HISTORY);
    // Every payload but the search attributes (which Temporal indexes, so no codec applies) is
    // ciphertext:
    // inputs, activity results, the kubeconfig Update's result with its token.
    List<String> plain = new ArrayList<>();
    int[] encrypted = {0};
    payloadEncodings(
        new ObjectMapper().readTree(json),
        "",
        (path, encoding) -> {
          if (encoding.equals("binary/encrypted")) {
            encrypted[0]++;
          } else if (!path.contains("searchAttributes")) {
            plain.add(path + " " + encoding);
          }
        });
    assertTrue(plain.isEmpty(), "plaintext payloads: " + plain);
    assertTrue(encrypted[0] > 10, "encrypted payloads: " + encrypted[0]);
    assertThrows(
        Exception.class,
        () -> WorkflowReplayer.replayWorkflowExecution(json, GrantWorkflowImpl.class));
  }

  /** Calls {@code found} with the path and encoding of every payload in a history's JSON. */
  private static void payloadEncodings(
      JsonNode node, String path, BiConsumer<String, String> found) {
    if (node.isObject()) {
      JsonNode encoding = node.path("metadata").path("encoding");
      if (encoding.isTextual() && node.has("data")) {
        found.accept(
            path,
            new String(Base64.getDecoder().decode(encoding.asText()), StandardCharsets.UTF_8));
      }
      node.fields()
          .forEachRemaining(e -> payloadEncodings(e.getValue(), path + "." + e.getKey(), found));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        payloadEncodings(node.get(i), path + "[" + i + "]", found);
      }
    }
  }

  @Test
  void admittedKubernetesGrantApprovedWithASealedKubeconfigThenRevokedReplays() throws Exception {
    replay(ADMITTED_HISTORY);
  }

  /** A user-role grant approved, then revoked: its role raised and restored by its manager. */
  private static final String USER_ROLE_HISTORY = "grant-user-role-approved-revoked.json";

  /** The role manager's (open) history through that grant and a second, overlapping one. */
  private static final String ROLE_MANAGER_HISTORY = "role-manager-overlapping-grants.json";

  /**
   * An auth-key grant whose key was issued once, then deleted with its joined device at the end.
   */
  private static final String AUTH_KEY_HISTORY = "grant-auth-key-issued-joined-expired.json";

  @Test
  void userRoleGrantApprovedAndRevokedReplays() throws Exception {
    replay(USER_ROLE_HISTORY);
  }

  @Test
  void roleManagerThroughOverlappingGrantsReplays() throws Exception {
    replay(ROLE_MANAGER_HISTORY, UserRoleManagerWorkflowImpl.class);
  }

  @Test
  void authKeyGrantIssuedJoinedAndExpiredReplays() throws Exception {
    replay(AUTH_KEY_HISTORY);
  }

  /**
   * Records the user-role and auth-key histories (run alone like the others); keys and workflow ids
   * are saved beside them.
   */
  @Test
  @EnabledIfSystemProperty(named = "tailgrant.recordHistories", matches = "true")
  void recordTailnetKindHistories() throws Exception {
    String alice = "alice@example.com";
    try (WorkflowTestStack stack = new WorkflowTestStack()) {
      GrantWorkflow low = stack.requestTailnet("net-admin", alice, Duration.ofHours(2));
      stack.awaitStatus(low, GrantStatus.ACTIVE);
      GrantWorkflow admin = stack.requestTailnet("tailnet-admin", alice, Duration.ofHours(1));
      stack.awaitStatus(admin, GrantStatus.PENDING_APPROVAL);
      String id = WorkflowTestStack.grantId(admin);
      admin.approve(new Decision("bob@example.com", "ok", id, null));
      assertEquals("admin", stack.role(alice));
      admin.revoke(new RevokeRequest(alice, "done", id, null));
      assertEquals(GrantStatus.REVOKED, stack.result(admin).status());
      assertEquals(GrantStatus.EXPIRED, stack.result(low).status());
      assertEquals("member", stack.role(alice));
      saveGrant(stack, id, USER_ROLE_HISTORY, null);
      saveWithKeyAndId(stack, GrantIds.userRoleWorkflowId(alice), ROLE_MANAGER_HISTORY);
    }
    try (WorkflowTestStack stack = new WorkflowTestStack()) {
      GrantWorkflow wf = stack.requestTailnet("ci-join", alice, Duration.ofMinutes(30));
      stack.awaitStatus(wf, GrantStatus.ACTIVE);
      String id = WorkflowTestStack.grantId(wf);
      IssuedAuthKey issued =
          wf.authKey(new AuthKeyRequest(alice, id, WorkflowTestStack.RECIPIENT_KEY));
      String key = RecipientSeal.open(issued.key(), WorkflowTestStack.RECIPIENT, id);
      stack.sim.state().join(key, "ci-build-1");
      assertEquals(GrantStatus.EXPIRED, stack.result(wf).status());
      assertTrue(stack.sim.state().findDevice("ci-build-1").isEmpty());
      saveGrant(stack, id, AUTH_KEY_HISTORY, null);
    }
  }

  @Test
  void approvalCountingOnlyDecisionsForItsGrantReplays() throws Exception {
    replay(APPROVAL_HISTORY, ApprovalWorkflowImpl.class);
  }

  /**
   * Replays {@code name}, through the payload codec with its key when one is committed beside it.
   */
  static void replay(String name) throws Exception {
    replay(name, GrantWorkflowImpl.class);
  }

  /**
   * Replays {@code name} against {@code workflow}; histories recorded since workflows check their
   * own id have it committed beside them ({@code NAME.id}), as a real replay would know it.
   */
  private static void replay(String name, Class<?> workflow) throws Exception {
    String json = history(name);
    Path key = keyOf(name);
    URL idFile =
        GrantWorkflowReplayTest.class.getResource(
            "/histories/" + name.replaceFirst("\\.json$", ".id"));
    WorkflowExecutionHistory history =
        idFile == null
            ? WorkflowExecutionHistory.fromJson(json)
            : WorkflowExecutionHistory.fromJson(
                json, Files.readString(Path.of(idFile.toURI())).strip());
    if (key == null) {
      WorkflowReplayer.replayWorkflowExecution(history, workflow);
      return;
    }
    TemporalConfig temporal =
        new TemporalConfig("127.0.0.1:7233", "default", "unused").withEncryptionKeyFile(key);
    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setDataConverter(TemporalConnection.dataConverter(temporal))
                        .build())
                .build());
    try {
      WorkflowReplayer.replayWorkflowExecution(history, env, workflow);
    } finally {
      env.close();
    }
  }

  private static Path keyOf(String historyName) throws URISyntaxException {
    URL url =
        GrantWorkflowReplayTest.class.getResource(
            "/histories/" + historyName.replaceFirst("\\.json$", ".key"));
    return url == null ? null : Path.of(url.toURI());
  }

  private static String history(String name) throws IOException {
    try (InputStream in = GrantWorkflowReplayTest.class.getResourceAsStream("/histories/" + name)) {
      assertNotNull(in, "recorded history " + name + " is missing");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "tailgrant.recordHistories", matches = "true")
  void recordHistories() throws Exception {
    try (WorkflowTestStack stack = new WorkflowTestStack()) {
      GrantWorkflow low =
          stack.request(
              "ssh-prod", "alice@example.com", "alice-laptop", Duration.ofMinutes(30), "fix");
      assertEquals(GrantStatus.EXPIRED, stack.result(low).status());
      save(stack, low, "grant-low-risk-expired.json");

      GrantWorkflow high =
          stack.request(
              "db-admin", "alice@example.com", "alice-laptop", Duration.ofHours(1), "incident");
      stack.awaitStatus(high, GrantStatus.PENDING_APPROVAL);
      high.approve(new Decision("bob@example.com", "ok", WorkflowTestStack.grantId(high), null));
      high.extend(
          new ExtendRequest(
              "alice@example.com", Duration.ofMinutes(30), WorkflowTestStack.grantId(high)));
      high.revoke(
          new RevokeRequest("alice@example.com", "done", WorkflowTestStack.grantId(high), null));
      assertEquals(GrantStatus.REVOKED, stack.result(high).status());
      save(stack, high, "grant-approved-extended-revoked.json");
    }
  }

  /**
   * Records only the kubernetes history (run it alone with {@code
   * -Dtest=GrantWorkflowReplayTest#recordKubernetesHistory} to leave the older, pre-encryption
   * histories as they are). Its key is saved beside it.
   */
  @Test
  @EnabledIfSystemProperty(named = "tailgrant.recordHistories", matches = "true")
  void recordKubernetesHistory() throws Exception {
    try (WorkflowTestStack stack = new WorkflowTestStack()) {
      GrantWorkflow k8s =
          stack.requestKubernetes("k8s-view", "alice@example.com", Duration.ofMinutes(30));
      GrantView active = stack.awaitStatus(k8s, GrantStatus.ACTIVE);
      IssuedKubeconfig issued =
          k8s.kubeconfig(
              new KubeconfigRequest(
                  "alice@example.com",
                  WorkflowTestStack.grantId(k8s),
                  WorkflowTestStack.RECIPIENT_KEY));
      assertNotNull(WorkflowTestStack.open(issued, k8s));
      GrantView extended =
          k8s.extend(
              new ExtendRequest(
                  "alice@example.com", Duration.ofMinutes(15), WorkflowTestStack.grantId(k8s)));
      assertEquals(active.expiresAt().plus(Duration.ofMinutes(15)), extended.expiresAt());
      assertEquals(GrantStatus.EXPIRED, stack.result(k8s).status());
      saveWithKey(stack, k8s, KUBERNETES_HISTORY);
    }
  }

  /**
   * Records only the local-apply history (run alone, like the kubernetes one); its key is saved
   * beside it.
   */
  @Test
  @EnabledIfSystemProperty(named = "tailgrant.recordHistories", matches = "true")
  void recordLocalApplyHistory() throws Exception {
    try (WorkflowTestStack stack = new WorkflowTestStack()) {
      GrantWorkflow tags =
          stack.request(
              "ci-deploy", "alice@example.com", "ci-runner-1", Duration.ofMinutes(30), "release");
      assertEquals(GrantStatus.EXPIRED, stack.result(tags).status());
      saveWithKey(stack, tags, LOCAL_APPLY_HISTORY);
    }
  }

  /**
   * Records the grant and approval histories of the admission checks (worker rules, requests bound
   * to their grant, sealed kubeconfigs); run alone like the others. Keys and workflow ids are saved
   * beside them.
   */
  @Test
  @EnabledIfSystemProperty(named = "tailgrant.recordHistories", matches = "true")
  void recordAdmittedHistories() throws Exception {
    try (WorkflowTestStack stack = new WorkflowTestStack()) {
      GrantWorkflow k8s =
          stack.requestKubernetes("k8s-admin", "alice@example.com", Duration.ofMinutes(30));
      stack.awaitStatus(k8s, GrantStatus.PENDING_APPROVAL);
      String id = WorkflowTestStack.grantId(k8s);
      k8s.approve(new Decision("bob@example.com", "ok", id, null));
      IssuedKubeconfig issued =
          k8s.kubeconfig(
              new KubeconfigRequest("alice@example.com", id, WorkflowTestStack.RECIPIENT_KEY));
      assertNotNull(WorkflowTestStack.open(issued, k8s));
      k8s.revoke(new RevokeRequest("alice@example.com", "done", id, null));
      assertEquals(GrantStatus.REVOKED, stack.result(k8s).status());
      saveGrant(stack, id, ADMITTED_HISTORY, APPROVAL_HISTORY);
    }
  }

  /**
   * Records the histories of a two-approver grant on the refactored workflow (the audit trail as
   * its own activity); run alone like the others.
   */
  @Test
  @EnabledIfSystemProperty(named = "tailgrant.recordHistories", matches = "true")
  void recordQuorumHistories() throws Exception {
    try (WorkflowTestStack stack = new WorkflowTestStack()) {
      GrantWorkflow wf = requested(stack, "db-root", "alice-laptop", GrantStatus.PENDING_APPROVAL);
      String id = WorkflowTestStack.grantId(wf);
      wf.approve(new Decision("bob@example.com", "one", id, null));
      wf.approve(new Decision("erin@example.com", "two", id, null));
      wf.extend(new ExtendRequest("alice@example.com", Duration.ofMinutes(10), id));
      wf.revoke(new RevokeRequest("alice@example.com", "done", id, null));
      assertEquals(GrantStatus.REVOKED, stack.result(wf).status());
      saveGrant(stack, id, QUORUM_HISTORY, QUORUM_APPROVAL_HISTORY);
    }
  }

  /**
   * Records a device manager's history through one grant's apply and release (the manager runs on,
   * so its history is open), removing through a local activity first; run alone like the others.
   * Its key and workflow id are saved beside it.
   */
  @Test
  @EnabledIfSystemProperty(named = "tailgrant.recordHistories", matches = "true")
  void recordLocalRemoveHistory() throws Exception {
    try (WorkflowTestStack stack = new WorkflowTestStack()) {
      GrantWorkflow wf = requested(stack, "ssh-prod", "alice-laptop", GrantStatus.ACTIVE);
      String id = WorkflowTestStack.grantId(wf);
      wf.revoke(new RevokeRequest("alice@example.com", "done", id, null));
      assertEquals(GrantStatus.REVOKED, stack.result(wf).status());
      String node = stack.sim.state().device("alice-laptop").nodeId();
      saveWithKeyAndId(stack, GrantIds.deviceWorkflowId(node), LOCAL_REMOVE_DEVICE_HISTORY);
    }
  }

  /**
   * Records a two-approver grant whose first approval a Tailscale event withdraws, which the event
   * then revokes before approval; run alone like the others. Keys and ids are saved beside them.
   */
  @Test
  @EnabledIfSystemProperty(named = "tailgrant.recordHistories", matches = "true")
  void recordWithdrawalHistories() throws Exception {
    try (WorkflowTestStack stack = new WorkflowTestStack()) {
      GrantWorkflow wf = requested(stack, "db-root", "alice-laptop", GrantStatus.PENDING_APPROVAL);
      String id = WorkflowTestStack.grantId(wf);
      String actor = SystemActor.of("userDeleted");
      wf.approve(new Decision("bob@example.com", "one", id, null));
      GrantView withdrawn =
          wf.withdraw(new Withdrawal(actor, "bob@example.com", "Tailscale userDeleted", id));
      assertTrue(withdrawn.approvals().isEmpty());
      wf.approve(new Decision("erin@example.com", "one again", id, null));
      assertEquals(GrantStatus.PENDING_APPROVAL, wf.view().status());
      wf.revoke(new RevokeRequest(actor, "Tailscale userDeleted alice@example.com", id, null));
      assertEquals(GrantStatus.REVOKED, stack.result(wf).status());
      saveGrant(stack, id, WITHDRAWN_HISTORY, WITHDRAWN_APPROVAL_HISTORY);
    }
  }

  /** Records a pending grant that a Tailscale event ends (denied); run alone like the others. */
  @Test
  @EnabledIfSystemProperty(named = "tailgrant.recordHistories", matches = "true")
  void recordEventDeniedHistory() throws Exception {
    try (WorkflowTestStack stack = new WorkflowTestStack()) {
      GrantWorkflow wf = requested(stack, "db-admin", "alice-laptop", GrantStatus.PENDING_APPROVAL);
      String id = WorkflowTestStack.grantId(wf);
      wf.revoke(
          new RevokeRequest(
              SystemActor.of("userDeleted"), "Tailscale userDeleted alice@example.com", id, null));
      assertEquals(GrantStatus.DENIED, stack.result(wf).status());
      saveGrant(stack, id, EVENT_DENIED_HISTORY, null);
    }
  }

  /**
   * Records a grant that notifies on the webhook sink's Slack channel: waiting, approved, active,
   * reminded before its end, expired; run alone like the others.
   */
  @Test
  @EnabledIfSystemProperty(named = "tailgrant.recordHistories", matches = "true")
  void recordNotificationsHistory() throws Exception {
    try (WorkflowTestStack stack = NotifyStack.start(25, "[slack]")) {
      GrantWorkflow wf = requested(stack, "db-admin", "alice-laptop", GrantStatus.PENDING_APPROVAL);
      String id = WorkflowTestStack.grantId(wf);
      wf.approve(new Decision("bob@example.com", "ok", id, null));
      GrantView done = stack.result(wf);
      assertEquals(GrantStatus.EXPIRED, done.status());
      assertEquals(5, done.timeline().stream().filter(e -> e.action().equals("notified")).count());
      saveGrant(stack, id, NOTIFICATIONS_HEAD_START_HISTORY, null);
    }
  }

  /**
   * Recorded with "ticket-search-attribute": a grant with a ticket, requested and approved only by
   * the tailnet policy's capability, revoked by an admin by capability; and its approval workflow
   * counting the capability vote.
   */
  private static final String CAPABILITY_HISTORY = "grant-ticket-capability-approved-revoked.json";

  private static final String CAPABILITY_APPROVAL_HISTORY =
      "approval-capability-vote-approved.json";

  /** Records the capability and ticket histories; run alone like the others. */
  @Test
  @EnabledIfSystemProperty(named = "tailgrant.recordHistories", matches = "true")
  void recordCapabilityHistories() throws Exception {
    try (WorkflowTestStack stack = new WorkflowTestStack()) {
      GrantInput asked = stack.input("db-ticketed", "dave@example.com", Duration.ofMinutes(30));
      String id = asked.grantId();
      GrantWorkflow wf =
          stack.start(
              new GrantInput(
                  id,
                  asked.spec(),
                  asked.requester(),
                  asked.target(),
                  asked.duration(),
                  "rotate the primary",
                  asked.requestedAt(),
                  asked.limits(),
                  "CHG-7",
                  new CapabilityRoles(Set.of("db-ticketed"), Set.of(), false),
                  false,
                  null));
      stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
      GrantView approved =
          wf.approve(
              new Decision(
                  "frank@example.com",
                  "ok",
                  id,
                  new CapabilityRoles(Set.of(), Set.of("db-ticketed"), false)));
      assertEquals(GrantStatus.ACTIVE, approved.status());
      wf.revoke(
          new RevokeRequest(
              "grace@example.com", "done", id, new CapabilityRoles(Set.of(), Set.of(), true)));
      assertEquals(GrantStatus.REVOKED, stack.result(wf).status());
      saveGrant(stack, id, CAPABILITY_HISTORY, CAPABILITY_APPROVAL_HISTORY);
    }
  }

  @Test
  void grantWithATicketApprovedAndRevokedByCapabilityReplays() throws Exception {
    replay(CAPABILITY_HISTORY);
  }

  @Test
  void approvalCountingACapabilityVoteReplays() throws Exception {
    replay(CAPABILITY_APPROVAL_HISTORY, ApprovalWorkflowImpl.class);
  }

  /**
   * A grant approved in two stages (group:sre and group:security): frank's approval withdrawn by a
   * Tailscale event, erin (in both groups) then bob, who completes it with erin moved to the
   * security stage; then revoked. No version guards the stages: only a snapshot with stages takes
   * the new path, and no history recorded before them holds one.
   */
  private static final String STAGED_HISTORY = "grant-two-stages-withdrawn-approved-revoked.json";

  private static final String STAGED_APPROVAL_HISTORY = "approval-two-stages-approved.json";

  /** Records the staged-approval histories; run alone like the others. */
  @Test
  @EnabledIfSystemProperty(named = "tailgrant.recordHistories", matches = "true")
  void recordStagedApprovalHistories() throws Exception {
    try (WorkflowTestStack stack = new WorkflowTestStack()) {
      GrantWorkflow wf =
          stack.request(
              "db-staged", "alice@example.com", "alice-laptop", Duration.ofMinutes(30), "x");
      stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
      String id = WorkflowTestStack.grantId(wf);
      wf.approve(new Decision("frank@example.com", "security", id, null));
      wf.withdraw(
          new Withdrawal(
              SystemActor.of("userDeleted"), "frank@example.com", "Tailscale userDeleted", id));
      wf.approve(new Decision("erin@example.com", "both", id, null));
      GrantView approved = wf.approve(new Decision("bob@example.com", "sre", id, null));
      assertEquals(GrantStatus.ACTIVE, approved.status());
      wf.revoke(new RevokeRequest("alice@example.com", "done", id, null));
      assertEquals(GrantStatus.REVOKED, stack.result(wf).status());
      saveGrant(stack, id, STAGED_HISTORY, STAGED_APPROVAL_HISTORY);
    }
  }

  @Test
  void grantApprovedInTwoStagesReplays() throws Exception {
    replay(STAGED_HISTORY);
  }

  @Test
  void approvalInTwoStagesReplays() throws Exception {
    replay(STAGED_APPROVAL_HISTORY, ApprovalWorkflowImpl.class);
  }

  /**
   * The live grant-type catalogue: a type created, a change by a non-admin refused by the worker's
   * check, a change, a retirement; and a grant of that type's first version approved and revoked.
   */
  private static final String CATALOG_HISTORY = "catalog-created-refused-changed-retired.json";

  private static final String LIVE_GRANT_HISTORY = "grant-live-type-version-approved-revoked.json";

  /** Records the live catalogue's histories; run alone like the others. */
  @Test
  @EnabledIfSystemProperty(named = "tailgrant.recordHistories", matches = "true")
  void recordLiveCatalogHistories() throws Exception {
    try (WorkflowTestStack stack = new WorkflowTestStack(sink -> CatalogTestClient.liveConfig())) {
      String carol = "carol@example.com";
      String def =
          """
          description: Database admin for an hour
          kind: posture
          posture: {key: "custom:tailgrant_db_admin", value: "granted"}
          minDuration: 1m
          maxDuration: 1h
          risk: high
          requesters: [autogroup:member]
          approvers: [group:sre]
          """;
      CatalogTestClient.send(
          stack,
          new CatalogChange(carol, CatalogAction.CREATE, "db-short", def, 0, 0, stack.now()));
      TailGrantConfig v1 =
          LiveCatalog.open(stack.config).resolve(CatalogTestClient.state(stack)).config();
      GrantInput base = stack.input("db-admin", "alice@example.com", Duration.ofMinutes(30));
      GrantInput live =
          new GrantInput(
              base.grantId(),
              v1.spec(v1.grantType("db-short").orElseThrow()),
              base.requester(),
              base.target(),
              base.duration(),
              "live",
              base.requestedAt(),
              base.limits(),
              null,
              null,
              false,
              null);
      GrantWorkflow wf = stack.start(live, GrantIds.grantWorkflowId(base.grantId()));
      stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
      assertThrows(
          WorkflowUpdateException.class,
          () ->
              CatalogTestClient.send(
                  stack,
                  new CatalogChange(
                      "alice@example.com",
                      CatalogAction.CHANGE,
                      "db-short",
                      def,
                      0,
                      1,
                      stack.now())));
      CatalogTestClient.send(
          stack,
          new CatalogChange(
              carol, CatalogAction.CHANGE, "db-short", def.replace("1h", "2h"), 0, 1, stack.now()));
      wf.approve(new Decision("bob@example.com", "ok", base.grantId(), null));
      CatalogTestClient.send(
          stack,
          new CatalogChange(carol, CatalogAction.RETIRE, "db-short", null, 0, 2, stack.now()));
      wf.revoke(new RevokeRequest("alice@example.com", "done", base.grantId(), null));
      assertEquals(GrantStatus.REVOKED, stack.result(wf).status());
      saveWithKeyAndId(stack, GrantIds.grantWorkflowId(base.grantId()), LIVE_GRANT_HISTORY);
      saveWithKeyAndId(stack, GrantCatalogWorkflow.WORKFLOW_ID, CATALOG_HISTORY);
    }
  }

  @Test
  void liveCatalogueReplays() throws Exception {
    replay(CATALOG_HISTORY, GrantCatalogWorkflowImpl.class);
  }

  @Test
  void grantOfALiveTypeVersionReplays() throws Exception {
    replay(LIVE_GRANT_HISTORY);
  }

  /**
   * Recorded with "approver-duration": a two-approver grant asked for an hour, approved by bob for
   * 40 minutes and by erin for 20 (the shortest wins), expired after 20 minutes.
   */
  private static final String APPROVER_DURATION_HISTORY =
      "grant-shortened-by-approvers-expired.json";

  /** Records the approver-duration history; run alone like the others. */
  @Test
  @EnabledIfSystemProperty(named = "tailgrant.recordHistories", matches = "true")
  void recordApproverDurationHistory() throws Exception {
    try (WorkflowTestStack stack = new WorkflowTestStack()) {
      GrantWorkflow wf =
          stack.request("db-root", "alice@example.com", "alice-laptop", Duration.ofHours(1), "x");
      stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
      String id = WorkflowTestStack.grantId(wf);
      wf.approve(new Decision("bob@example.com", "40", id, null, Duration.ofMinutes(40)));
      GrantView active =
          wf.approve(new Decision("erin@example.com", "20", id, null, Duration.ofMinutes(20)));
      assertEquals(active.activatedAt().plus(Duration.ofMinutes(20)), active.expiresAt());
      assertEquals(GrantStatus.EXPIRED, stack.result(wf).status());
      saveGrant(stack, id, APPROVER_DURATION_HISTORY, null);
    }
  }

  @Test
  void grantShortenedByItsApproversReplays() throws Exception {
    replay(APPROVER_DURATION_HISTORY);
  }

  /**
   * Recorded with "break-glass" (and notifications on the webhook channel): dave broke glass on
   * ssh-prod-emergency, active without approval; one grant erin confirmed (it expired at its end),
   * one nobody reviewed (the review timer revoked it at the end of its window).
   */
  private static final String BREAK_GLASS_CONFIRMED_HISTORY =
      "grant-break-glass-confirmed-expired.json";

  private static final String BREAK_GLASS_UNREVIEWED_HISTORY =
      "grant-break-glass-unreviewed-revoked.json";

  /** Records both break-glass histories; run alone like the others. */
  @Test
  @EnabledIfSystemProperty(named = "tailgrant.recordHistories", matches = "true")
  void recordBreakGlassHistories() throws Exception {
    try (WorkflowTestStack stack = NotifyStack.start(1, "[webhook]")) {
      GrantWorkflow confirmed = stack.start(breakGlassInput(stack, Duration.ofMinutes(30)));
      String id = WorkflowTestStack.grantId(confirmed);
      stack.awaitStatus(confirmed, GrantStatus.ACTIVE);
      confirmed.review(
          new ReviewRequest("erin@example.com", ReviewDecision.CONFIRM, "seen the incident", id));
      assertEquals(GrantStatus.EXPIRED, stack.result(confirmed).status());
      saveGrant(stack, id, BREAK_GLASS_CONFIRMED_HISTORY, null);

      GrantWorkflow unreviewed = stack.start(breakGlassInput(stack, Duration.ofHours(1)));
      assertEquals(GrantStatus.REVOKED, stack.result(unreviewed).status());
      stack.awaitPublished(unreviewed, GrantStatus.REVOKED);
      saveGrant(stack, WorkflowTestStack.grantId(unreviewed), BREAK_GLASS_UNREVIEWED_HISTORY, null);
    }
  }

  private static GrantInput breakGlassInput(WorkflowTestStack stack, Duration duration) {
    GrantInput base = stack.input("ssh-prod-emergency", "dave@example.com", duration);
    return new GrantInput(
        base.grantId(),
        base.spec(),
        base.requester(),
        base.target(),
        base.duration(),
        "prod is down",
        base.requestedAt(),
        null,
        null,
        null,
        true,
        null);
  }

  @Test
  void breakGlassGrantConfirmedByAReviewerReplays() throws Exception {
    replay(BREAK_GLASS_CONFIRMED_HISTORY);
  }

  @Test
  void breakGlassGrantRevokedUnreviewedReplays() throws Exception {
    replay(BREAK_GLASS_UNREVIEWED_HISTORY);
  }

  @Test
  void grantDeniedByATailscaleEventReplays() throws Exception {
    replay(EVENT_DENIED_HISTORY);
  }

  @Test
  void grantWithAWithdrawnApprovalRevokedBeforeApprovalReplays() throws Exception {
    replay(WITHDRAWN_HISTORY);
  }

  @Test
  void approvalWithAWithdrawnVoteCancelledReplays() throws Exception {
    replay(WITHDRAWN_APPROVAL_HISTORY, ApprovalWorkflowImpl.class);
  }

  @Test
  void grantThatNotifiesRemindsAndExpiresReplays() throws Exception {
    replay(NOTIFICATIONS_HISTORY);
  }

  @Test
  void grantThatNotifiesWithARemovalHeadStartReplays() throws Exception {
    replay(NOTIFICATIONS_HEAD_START_HISTORY);
  }

  /**
   * Recorded with "notify-audit-per-event": a grant notifying on two channels (Slack and Teams),
   * approved, reminded and expired, each event's two deliveries audited by one activity.
   */
  private static final String NOTIFY_AUDIT_PER_EVENT_HISTORY =
      "grant-notifications-two-channels-audited-per-event.json";

  /** Records the two-channel notifications history; run alone like the others. */
  @Test
  @EnabledIfSystemProperty(named = "tailgrant.recordHistories", matches = "true")
  void recordNotifyAuditPerEventHistory() throws Exception {
    try (WorkflowTestStack stack = NotifyStack.start(25, "[slack, teams]")) {
      GrantWorkflow wf = requested(stack, "db-admin", "alice-laptop", GrantStatus.PENDING_APPROVAL);
      String id = WorkflowTestStack.grantId(wf);
      wf.approve(new Decision("bob@example.com", "ok", id, null));
      GrantView done = stack.result(wf);
      assertEquals(GrantStatus.EXPIRED, done.status());
      assertEquals(10, done.timeline().stream().filter(e -> e.action().equals("notified")).count());
      saveGrant(stack, id, NOTIFY_AUDIT_PER_EVENT_HISTORY, null);
    }
  }

  @Test
  void grantThatAuditsEachEventsDeliveriesTogetherReplays() throws Exception {
    replay(NOTIFY_AUDIT_PER_EVENT_HISTORY);
  }

  @Test
  void deviceManagerRemovingThroughALocalActivityReplays() throws Exception {
    replay(LOCAL_REMOVE_DEVICE_HISTORY, DeviceTagManagerWorkflowImpl.class);
  }

  /**
   * Records a grant revoked while active whose removal got its head start (version 1 of
   * "release-head-start": the device's manager is signalled), and that manager's history; run alone
   * like the others. Keys and workflow ids are saved beside them.
   */
  @Test
  @EnabledIfSystemProperty(named = "tailgrant.recordHistories", matches = "true")
  void recordReleaseHeadStartHistory() throws Exception {
    try (WorkflowTestStack stack = new WorkflowTestStack(50)) { // no continue-as-new meanwhile
      GrantWorkflow wf = requested(stack, "ci-deploy", "ci-runner-1", GrantStatus.ACTIVE);
      String id = WorkflowTestStack.grantId(wf);
      wf.revoke(new RevokeRequest("alice@example.com", "done", id, null));
      assertEquals(GrantStatus.REVOKED, stack.result(wf).status());
      saveGrant(stack, id, RELEASE_HEAD_START_HISTORY, null);
      String node = stack.sim.state().device("ci-runner-1").nodeId();
      saveWithKeyAndId(stack, GrantIds.deviceWorkflowId(node), ENDING_SIGNAL_DEVICE_HISTORY);
    }
  }

  @Test
  void deviceManagerToldOfAnEndingBySignalReplays() throws Exception {
    replay(ENDING_SIGNAL_DEVICE_HISTORY, DeviceTagManagerWorkflowImpl.class);
  }

  @Test
  void grantRevokedWithARemovalHeadStartReplays() throws Exception {
    replay(RELEASE_HEAD_START_HISTORY);
  }

  @Test
  void directoryThatRefreshedItsInventoryReplays() throws Exception {
    replay(DIRECTORY_REFRESH_HISTORY, io.tailgrant.directory.GrantDirectoryWorkflowImpl.class);
  }

  @Test
  void directoryThatListedItsDevicesReplays() throws Exception {
    replay(DIRECTORY_LIST_HISTORY, io.tailgrant.directory.GrantDirectoryWorkflowImpl.class);
  }

  /**
   * Records the directory through a grant's life, an inventory refresh as servers before {@code
   * listDevices} asked it, and two listings (one within the interval, which does not list again);
   * run alone like the others. Its key and workflow id are saved beside it.
   */
  @Test
  @EnabledIfSystemProperty(named = "tailgrant.recordHistories", matches = "true")
  void recordDirectoryListHistory() throws Exception {
    try (WorkflowTestStack stack = new WorkflowTestStack()) {
      GrantWorkflow wf =
          stack.request(
              "ssh-prod", "alice@example.com", "alice-laptop", Duration.ofMinutes(30), "x");
      stack.awaitListed(wf, GrantStatus.ACTIVE);
      io.tailgrant.directory.GrantDirectoryWorkflow directory =
          stack.client.newWorkflowStub(
              io.tailgrant.directory.GrantDirectoryWorkflow.class, GrantIds.DIRECTORY_WORKFLOW_ID);
      java.time.Instant refreshed = directory.refreshDevices(null).listedAt();
      assertEquals(refreshed, directory.listDevices(Duration.ofHours(1)), "young: not listed");
      assertTrue(directory.listDevices(null).isAfter(refreshed), "listed again");
      assertEquals(GrantStatus.EXPIRED, stack.result(wf).status());
      stack.awaitListed(wf, GrantStatus.EXPIRED);
      saveWithKeyAndId(stack, GrantIds.DIRECTORY_WORKFLOW_ID, DIRECTORY_LIST_HISTORY);
    }
  }

  @Test
  void deviceManagerThroughApplyAndReleaseReplays() throws Exception {
    replay(DEVICE_MANAGER_HISTORY, DeviceTagManagerWorkflowImpl.class);
  }

  @Test
  void twoApproverGrantWithTheAuditActivityReplays() throws Exception {
    replay(QUORUM_HISTORY);
  }

  @Test
  void twoOfThreeApprovalReplays() throws Exception {
    replay(QUORUM_APPROVAL_HISTORY, ApprovalWorkflowImpl.class);
  }

  /**
   * Alice's grant of {@code type} on {@code device} (30 minutes, reason "x"), once it is {@code
   * status}.
   */
  private static GrantWorkflow requested(
      WorkflowTestStack stack, String type, String device, GrantStatus status) {
    GrantWorkflow wf =
        stack.request(type, "alice@example.com", device, Duration.ofMinutes(30), "x");
    stack.awaitStatus(wf, status);
    return wf;
  }

  /**
   * Saves grant {@code id}'s history as {@code grantHistory} and, unless null, its approval's as
   * {@code approvalHistory}, each with its key and workflow id.
   */
  static void saveGrant(
      WorkflowTestStack stack, String id, String grantHistory, String approvalHistory)
      throws IOException {
    saveWithKeyAndId(stack, GrantIds.grantWorkflowId(id), grantHistory);
    if (approvalHistory != null) {
      saveWithKeyAndId(stack, GrantIds.approvalWorkflowId(id), approvalHistory);
    }
  }

  private static void saveWithKeyAndId(WorkflowTestStack stack, String workflowId, String name)
      throws IOException {
    Files.writeString(RECORD_DIR.resolve(name), stack.client.fetchHistory(workflowId).toJson(true));
    saveKey(stack, name);
    Files.writeString(RECORD_DIR.resolve(name.replaceFirst("\\.json$", ".id")), workflowId + "\n");
  }

  private static void save(WorkflowTestStack stack, GrantWorkflow wf, String name)
      throws IOException {
    String id = WorkflowStub.fromTyped(wf).getExecution().getWorkflowId();
    Files.writeString(RECORD_DIR.resolve(name), stack.client.fetchHistory(id).toJson(true));
  }

  /** As {@link #save}, with the key it was recorded with beside it (its id is not saved). */
  private static void saveWithKey(WorkflowTestStack stack, GrantWorkflow wf, String name)
      throws IOException {
    save(stack, wf, name);
    saveKey(stack, name);
  }

  private static void saveKey(WorkflowTestStack stack, String name) throws IOException {
    Files.copy(
        stack.encryptionKey,
        RECORD_DIR.resolve(name.replaceFirst("\\.json$", ".key")),
        StandardCopyOption.REPLACE_EXISTING);
  }
}
