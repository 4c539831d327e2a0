package io.tailgrant.kubernetes;

import static io.tailgrant.kubernetes.KubernetesNames.ENDS_AT_ANNOTATION;
import static io.tailgrant.kubernetes.KubernetesNames.GRANT_LABEL;
import static io.tailgrant.kubernetes.KubernetesNames.objectName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tailgrant.grant.Decision;
import io.tailgrant.grant.ExtendRequest;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.grant.Refusal;
import io.tailgrant.grant.RefusalFailures;
import io.tailgrant.grant.RevokeRequest;
import io.tailgrant.worker.WorkflowTestStack;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes grants through their whole workflow: approval, deny, revoke, extend, kubeconfig
 * refusals, failures.
 */
class KubernetesGrantWorkflowTest {
  private static final String ALICE = "alice@example.com";
  private static final String NS = "tailgrant";
  private WorkflowTestStack stack;
  private RefusingCluster refusing;

  /** The API server the worker talks to: the stack's simulated cluster, or {@link #refusing}. */
  private KubernetesClient k;

  private void startStack() {
    stack = new WorkflowTestStack();
    k = stack.cluster.client();
  }

  private void startStackOnRefusingCluster() {
    refusing = new RefusingCluster();
    stack = new WorkflowTestStack(refusing.client());
    k = refusing.client();
  }

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
    if (refusing != null) {
      refusing.close();
    }
  }

  private List<HasMetadata> objectsOf(String grantId) {
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(
        k.serviceAccounts().inAnyNamespace().withLabel(GRANT_LABEL, grantId).list().getItems());
    all.addAll(k.rbac().clusterRoleBindings().withLabel(GRANT_LABEL, grantId).list().getItems());
    all.addAll(
        k.rbac().roleBindings().inAnyNamespace().withLabel(GRANT_LABEL, grantId).list().getItems());
    return all;
  }

  private int allManagedObjects() {
    return k.serviceAccounts()
            .inAnyNamespace()
            .withLabel(KubernetesNames.MANAGED_BY_LABEL)
            .list()
            .getItems()
            .size()
        + k.rbac()
            .clusterRoleBindings()
            .withLabel(KubernetesNames.MANAGED_BY_LABEL)
            .list()
            .getItems()
            .size()
        + k.rbac()
            .roleBindings()
            .inAnyNamespace()
            .withLabel(KubernetesNames.MANAGED_BY_LABEL)
            .list()
            .getItems()
            .size();
  }

  private static Refusal refusal(WorkflowUpdateException e) {
    return RefusalFailures.fromFailure(e).orElseThrow(() -> new AssertionError("not a refusal", e));
  }

  private static boolean did(GrantView view, String action) {
    return view.timeline().stream().anyMatch(e -> e.action().equals(action));
  }

  // ---------------------------------------------------------------- approval

  @Test
  void adminGrantWaitsForApprovalWithoutObjectsThenAppliesWhenBobApproves() {
    startStack();
    GrantWorkflow wf = stack.requestKubernetes("k8s-admin", ALICE, Duration.ofHours(1));
    GrantView pending = stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    assertTrue(pending.approvers().contains("bob@example.com"), pending.approvers().toString());
    assertTrue(objectsOf(pending.id()).isEmpty(), "nothing exists in the cluster before approval");
    assertEquals(0, allManagedObjects());

    GrantView approved =
        wf.approve(
            new Decision("bob@example.com", "incident 7", WorkflowTestStack.grantId(wf), null));
    assertEquals(GrantStatus.ACTIVE, approved.status());
    ClusterRoleBinding crb =
        k.rbac().clusterRoleBindings().withName(objectName(pending.id())).get();
    assertNotNull(crb);
    assertEquals("cluster-admin", crb.getRoleRef().getName());
    assertNotNull(k.serviceAccounts().inNamespace(NS).withName(objectName(pending.id())).get());
    assertEquals(
        approved.expiresAt().toString(),
        crb.getMetadata().getAnnotations().get(ENDS_AT_ANNOTATION));
    assertEquals("bob@example.com", approved.approvals().get(0).actor());

    IssuedKubeconfig issued =
        wf.kubeconfig(
            new KubeconfigRequest(
                ALICE, WorkflowTestStack.grantId(wf), WorkflowTestStack.RECIPIENT_KEY));
    assertTrue(
        WorkflowTestStack.open(issued, wf).contains("namespace: \"default\""),
        WorkflowTestStack.open(issued, wf));
  }

  @Test
  void deniedGrantNeverCreatesObjects() {
    startStack();
    GrantWorkflow wf = stack.requestKubernetes("k8s-admin", ALICE, Duration.ofHours(1));
    String id = stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL).id();
    GrantView denied =
        wf.deny(new Decision("erin@example.com", "not now", WorkflowTestStack.grantId(wf), null));
    assertEquals(GrantStatus.DENIED, denied.status());
    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.DENIED, done.status());
    assertNull(done.activatedAt());
    assertTrue(objectsOf(id).isEmpty());
    assertEquals(0, allManagedObjects());
  }

  @Test
  void revokeBeforeApprovalEndsWithoutObjects() {
    startStack();
    GrantWorkflow wf = stack.requestKubernetes("k8s-admin", ALICE, Duration.ofHours(1));
    String id = stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL).id();
    wf.revoke(new RevokeRequest(ALICE, "fixed it myself", WorkflowTestStack.grantId(wf), null));
    assertEquals(GrantStatus.REVOKED, stack.result(wf).status());
    assertTrue(objectsOf(id).isEmpty());
  }

  // ---------------------------------------------------------------- revoke and extend

  @Test
  void revokeWhileActiveRemovesTheObjectsAndEndsRevoked() {
    startStack();
    GrantWorkflow wf = stack.requestKubernetes("k8s-view", ALICE, Duration.ofHours(1));
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);
    assertEquals(2, objectsOf(active.id()).size());

    GrantView revoked =
        wf.revoke(new RevokeRequest(ALICE, "done", WorkflowTestStack.grantId(wf), null));
    assertEquals(GrantStatus.REVOKED, revoked.status());
    assertTrue(objectsOf(active.id()).isEmpty(), objectsOf(active.id()).toString());
    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.REVOKED, done.status());
    assertTrue(did(done, "revoked"), done.timeline().toString());
  }

  @Test
  void extendMovesTheEndsAtAnnotationAndTheGrantsEnd() {
    startStack();
    GrantWorkflow wf = stack.requestKubernetes("k8s-view", ALICE, Duration.ofHours(1));
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);

    GrantView extended =
        wf.extend(new ExtendRequest(ALICE, Duration.ofMinutes(30), WorkflowTestStack.grantId(wf)));
    assertEquals(active.expiresAt().plus(Duration.ofMinutes(30)), extended.expiresAt());
    List<HasMetadata> objects = objectsOf(active.id());
    assertEquals(2, objects.size());
    for (HasMetadata o : objects) {
      assertEquals(
          extended.expiresAt().toString(),
          o.getMetadata().getAnnotations().get(ENDS_AT_ANNOTATION),
          o.getKind());
    }

    // A kubeconfig minted after the extension lasts until the new end (whole seconds, never after
    // it).
    IssuedKubeconfig issued =
        wf.kubeconfig(
            new KubeconfigRequest(
                ALICE, WorkflowTestStack.grantId(wf), WorkflowTestStack.RECIPIENT_KEY));
    assertFalse(issued.tokenExpiresAt().isAfter(extended.expiresAt()));
    assertTrue(
        issued.tokenExpiresAt().isAfter(active.expiresAt()),
        issued.tokenExpiresAt() + " vs " + active.expiresAt());

    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.EXPIRED, done.status());
    assertEquals(extended.expiresAt(), done.expiresAt());
    assertFalse(
        done.endedAt().isBefore(extended.expiresAt()), "ended at the new end, not the old one");
    assertTrue(objectsOf(active.id()).isEmpty());
  }

  // ---------------------------------------------------------------- kubeconfig refusals

  /**
   * Every mint is a token and history: asking again at once is refused until the interval passes.
   */
  @Test
  void kubeconfigsAreRateLimitedPerGrant() {
    startStack();
    GrantWorkflow wf = stack.requestKubernetes("k8s-view", ALICE, Duration.ofHours(1));
    stack.awaitStatus(wf, GrantStatus.ACTIVE);
    wf.kubeconfig(
        new KubeconfigRequest(
            ALICE, WorkflowTestStack.grantId(wf), WorkflowTestStack.RECIPIENT_KEY));

    Refusal r =
        refusal(
            assertThrows(
                WorkflowUpdateException.class,
                () ->
                    wf.kubeconfig(
                        new KubeconfigRequest(
                            ALICE,
                            WorkflowTestStack.grantId(wf),
                            WorkflowTestStack.RECIPIENT_KEY))));
    assertEquals(Refusal.Kind.TOO_MANY_REQUESTS, r.kind());
    assertEquals("kubeconfig_rate", r.code());
    assertTrue(
        r.retryAfterSeconds() > 0 && r.retryAfterSeconds() <= 11,
        "retry after " + r.retryAfterSeconds());
    assertEquals(1, stack.cluster.issuedTokens().size(), "the refused ask minted nothing");
  }

  @Test
  void aKubeconfigRequestWithoutARecipientKeyIsRefused() {
    startStack();
    GrantWorkflow wf = stack.requestKubernetes("k8s-view", ALICE, Duration.ofHours(1));
    stack.awaitStatus(wf, GrantStatus.ACTIVE);

    Refusal r =
        refusal(
            assertThrows(
                WorkflowUpdateException.class,
                () ->
                    wf.kubeconfig(
                        new KubeconfigRequest(ALICE, WorkflowTestStack.grantId(wf), null))));
    assertEquals("no_recipient_key", r.code());
    assertTrue(stack.cluster.issuedTokens().isEmpty());
  }

  @Test
  void kubeconfigForSomeoneOtherThanTheRequesterIsNotFound() {
    startStack();
    GrantWorkflow wf = stack.requestKubernetes("k8s-view", ALICE, Duration.ofHours(1));
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);
    Refusal r =
        refusal(
            assertThrows(
                WorkflowUpdateException.class,
                () ->
                    wf.kubeconfig(
                        new KubeconfigRequest(
                            "bob@example.com",
                            WorkflowTestStack.grantId(wf),
                            WorkflowTestStack.RECIPIENT_KEY))));
    assertEquals(Refusal.Kind.NOT_FOUND, r.kind());
    assertEquals("not_found", r.code());
    assertTrue(r.getMessage().contains(active.id()), r.getMessage());
    assertTrue(stack.cluster.issuedTokens().isEmpty(), "no token was minted");
    assertFalse(did(wf.view(), "kubeconfig issued"));
  }

  @Test
  void kubeconfigOfAPostureGrantIsRefusedAsNotKubernetes() {
    startStack();
    GrantWorkflow wf = stack.request("ssh-prod", ALICE, "alice-laptop", Duration.ofHours(1), "x");
    stack.awaitStatus(wf, GrantStatus.ACTIVE);
    Refusal r =
        refusal(
            assertThrows(
                WorkflowUpdateException.class,
                () ->
                    wf.kubeconfig(
                        new KubeconfigRequest(
                            ALICE,
                            WorkflowTestStack.grantId(wf),
                            WorkflowTestStack.RECIPIENT_KEY))));
    assertEquals(Refusal.Kind.CONFLICT, r.kind());
    assertEquals(409, r.kind().httpStatus);
    assertEquals("not_kubernetes", r.code());
    assertTrue(r.getMessage().contains("ssh-prod"), r.getMessage());
  }

  @Test
  void kubeconfigWhilePendingApprovalIsNotReady() {
    startStack();
    GrantWorkflow wf = stack.requestKubernetes("k8s-admin", ALICE, Duration.ofHours(1));
    stack.awaitStatus(wf, GrantStatus.PENDING_APPROVAL);
    Refusal r =
        refusal(
            assertThrows(
                WorkflowUpdateException.class,
                () ->
                    wf.kubeconfig(
                        new KubeconfigRequest(
                            ALICE,
                            WorkflowTestStack.grantId(wf),
                            WorkflowTestStack.RECIPIENT_KEY))));
    assertEquals(Refusal.Kind.CONFLICT, r.kind());
    assertEquals("not_ready", r.code());
    assertTrue(r.getMessage().contains("pending"), r.getMessage());
  }

  @Test
  void kubeconfigAfterTheGrantHasEndedIsRefused() {
    startStack();
    GrantWorkflow wf = stack.requestKubernetes("k8s-view", ALICE, Duration.ofMinutes(30));
    stack.awaitStatus(wf, GrantStatus.ACTIVE);
    assertEquals(GrantStatus.EXPIRED, stack.result(wf).status());
    // The workflow has completed: Temporal itself turns the Update away (the server maps this, and
    // the
    // view it reads first, to 410).
    assertThrows(
        WorkflowNotFoundException.class,
        () ->
            wf.kubeconfig(
                new KubeconfigRequest(
                    ALICE, WorkflowTestStack.grantId(wf), WorkflowTestStack.RECIPIENT_KEY)));
    assertTrue(stack.cluster.issuedTokens().isEmpty());
  }

  @Test
  void kubeconfigWhileTheGrantIsBeingRemovedIsGone() {
    startStackOnRefusingCluster();
    GrantWorkflow wf = stack.requestKubernetes("k8s-view", ALICE, Duration.ofHours(1));
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);
    // The API server fails every deletion for now: removal retries and the grant stays
    // deactivating.
    AtomicInteger deletes =
        refusing.refuse(
            "DELETE", "/api/v1/namespaces/tailgrant/serviceaccounts/.*", 500, "InternalError");
    WorkflowStub.fromTyped(wf)
        .startUpdate(
            "revoke",
            WorkflowUpdateStage.ACCEPTED,
            GrantView.class,
            new RevokeRequest(ALICE, "done", WorkflowTestStack.grantId(wf), null));
    stack.awaitStatus(wf, GrantStatus.DEACTIVATING);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (deletes.get() == 0 && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(
          5_000_000L); // poll interval: the first removal attempt
    }
    assertTrue(deletes.get() >= 1, "the removal was attempted and refused");

    Refusal r =
        refusal(
            assertThrows(
                WorkflowUpdateException.class,
                () ->
                    wf.kubeconfig(
                        new KubeconfigRequest(
                            ALICE,
                            WorkflowTestStack.grantId(wf),
                            WorkflowTestStack.RECIPIENT_KEY))));
    assertEquals(Refusal.Kind.GONE, r.kind());
    assertEquals(410, r.kind().httpStatus);
    assertEquals("ended", r.code());
    assertEquals(GrantStatus.DEACTIVATING, wf.view().status());

    refusing.allowEverything();
    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.REVOKED, done.status());
    assertTrue(
        objectsOf(active.id()).isEmpty(), "removal kept retrying until the objects were gone");
  }

  // ---------------------------------------------------------------- clusters that refuse

  @Test
  void kubeconfigRefusedByTheClusterFailsTheUpdateAndKeepsTheGrant() {
    startStackOnRefusingCluster();
    GrantWorkflow wf = stack.requestKubernetes("k8s-view", ALICE, Duration.ofHours(1));
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);
    AtomicInteger tokenRequests =
        refusing.refuse(
            "POST", "/api/v1/namespaces/tailgrant/serviceaccounts/[^/]+/token", 403, "Forbidden");

    WorkflowUpdateException e =
        assertThrows(
            WorkflowUpdateException.class,
            () ->
                wf.kubeconfig(
                    new KubeconfigRequest(
                        ALICE, WorkflowTestStack.grantId(wf), WorkflowTestStack.RECIPIENT_KEY)));
    assertTrue(
        RefusalFailures.fromFailure(e).isEmpty(),
        "a cluster's refusal is a failure, not a policy refusal");
    String chain = chainMessages(e);
    assertTrue(
        chain.contains(
            "cannot request a token for ServiceAccount tailgrant/" + objectName(active.id())),
        chain);
    assertEquals(1, tokenRequests.get(), "a 403 is final: no retries");
    assertEquals(GrantStatus.ACTIVE, wf.view().status());
    assertEquals(2, objectsOf(active.id()).size());
  }

  @Test
  void bindingRefusedByRbacFailsActivationAndRemovesTheServiceAccount() {
    startStackOnRefusingCluster();
    AtomicInteger posts =
        refusing.refuse(
            "POST",
            "/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings",
            403,
            "Forbidden");
    GrantWorkflow wf = stack.requestKubernetes("k8s-team-edit", ALICE, Duration.ofHours(1));

    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.FAILED, done.status());
    assertTrue(
        done.failure().contains("cannot create RoleBinding team-a/" + objectName(done.id())),
        done.failure());
    assertTrue(done.failure().contains("Forbidden"), done.failure());
    assertTrue(did(done, "activation failed"), done.timeline().toString());
    assertNull(done.activatedAt());
    assertNull(done.expiresAt());
    assertEquals(1, posts.get(), "a 403 is final: no retries");
    assertTrue(
        objectsOf(done.id()).isEmpty(), "the ServiceAccount made before the refusal was removed");
  }

  @Test
  void bindingThatKeepsFailingIsRetriedABoundedNumberOfTimesThenCleanedUp() {
    startStackOnRefusingCluster();
    AtomicInteger posts =
        refusing.refuse(
            "POST", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", 500, "InternalError");
    GrantWorkflow wf = stack.requestKubernetes("k8s-view", ALICE, Duration.ofHours(1));

    GrantView done = stack.result(wf);
    assertEquals(GrantStatus.FAILED, done.status());
    assertTrue(done.failure().contains("cannot create ClusterRoleBinding"), done.failure());
    assertEquals(8, posts.get(), "the provision activity's 8 attempts");
    assertTrue(objectsOf(done.id()).isEmpty());
  }

  private static String chainMessages(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append("\n");
    }
    return b.toString();
  }
}
