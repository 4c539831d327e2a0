package io.tailgrant.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.worker.WorkflowTestStack;
import io.temporal.api.history.v1.History;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubernetesGrantTest {
  private WorkflowTestStack stack;

  @BeforeEach
  void start() {
    stack = new WorkflowTestStack();
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  private ServiceAccount serviceAccount(String grantId) {
    return stack
        .cluster
        .client()
        .serviceAccounts()
        .inNamespace("tailgrant")
        .withName(KubernetesNames.objectName(grantId))
        .get();
  }

  private ClusterRoleBinding clusterBinding(String grantId) {
    return stack
        .cluster
        .client()
        .rbac()
        .clusterRoleBindings()
        .withName(KubernetesNames.objectName(grantId))
        .get();
  }

  @Test
  void grantCreatesServiceAccountAndBindingAndRemovesThemAtItsEnd() {
    GrantWorkflow wf =
        stack.requestKubernetes("k8s-view", "alice@example.com", Duration.ofHours(1));
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);
    ServiceAccount sa = serviceAccount(active.id());
    assertNotNull(sa);
    assertEquals("tailgrant", sa.getMetadata().getLabels().get(KubernetesNames.MANAGED_BY_LABEL));
    assertEquals(active.id(), sa.getMetadata().getLabels().get(KubernetesNames.GRANT_LABEL));
    assertEquals(
        "alice@example.com",
        sa.getMetadata().getAnnotations().get(KubernetesNames.REQUESTER_ANNOTATION));
    assertEquals(
        active.expiresAt().toString(),
        sa.getMetadata().getAnnotations().get(KubernetesNames.ENDS_AT_ANNOTATION));
    ClusterRoleBinding binding = clusterBinding(active.id());
    assertEquals("view", binding.getRoleRef().getName());
    assertEquals("ClusterRole", binding.getRoleRef().getKind());
    assertEquals(KubernetesNames.objectName(active.id()), binding.getSubjects().get(0).getName());
    assertEquals("tailgrant", binding.getSubjects().get(0).getNamespace());

    assertEquals(GrantStatus.EXPIRED, stack.result(wf).status());
    assertNull(serviceAccount(active.id()));
    assertNull(clusterBinding(active.id()));
  }

  @Test
  void namespacedTypeBindsWithARoleBindingInItsNamespace() {
    GrantWorkflow wf =
        stack.requestKubernetes("k8s-team-edit", "alice@example.com", Duration.ofHours(1));
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);
    RoleBinding rb =
        stack
            .cluster
            .client()
            .rbac()
            .roleBindings()
            .inNamespace("team-a")
            .withName(KubernetesNames.objectName(active.id()))
            .get();
    assertEquals("edit", rb.getRoleRef().getName());
    assertNull(clusterBinding(active.id()));
    IssuedKubeconfig k =
        wf.kubeconfig(
            new KubeconfigRequest(
                "alice@example.com",
                WorkflowTestStack.grantId(wf),
                WorkflowTestStack.RECIPIENT_KEY));
    assertTrue(
        WorkflowTestStack.open(k, wf).contains("namespace: \"team-a\""),
        WorkflowTestStack.open(k, wf));
    wf.revoke(
        new io.tailgrant.grant.RevokeRequest(
            "alice@example.com", "done", WorkflowTestStack.grantId(wf), null));
    assertEquals(GrantStatus.REVOKED, stack.result(wf).status());
    assertNull(
        stack
            .cluster
            .client()
            .rbac()
            .roleBindings()
            .inNamespace("team-a")
            .withName(KubernetesNames.objectName(active.id()))
            .get());
  }

  @Test
  void kubeconfigTokenExpiresWithTheGrantAndNeverAppearsInHistory() {
    GrantWorkflow wf =
        stack.requestKubernetes("k8s-view", "alice@example.com", Duration.ofHours(1));
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);
    IssuedKubeconfig k =
        wf.kubeconfig(
            new KubeconfigRequest(
                "alice@example.com",
                WorkflowTestStack.grantId(wf),
                WorkflowTestStack.RECIPIENT_KEY));
    String token =
        WorkflowTestStack.open(k, wf)
            .lines()
            .filter(l -> l.contains("token:"))
            .findFirst()
            .orElseThrow()
            .replaceAll(".*token: *\"?([^\"]+)\"?.*", "$1");
    var issued = stack.cluster.token(token).orElseThrow();
    assertEquals(KubernetesNames.objectName(active.id()), issued.serviceAccount());
    // Kubernetes keeps whole seconds (and so does the lifetime asked for): the token ends up to 2 s
    // before
    // the grant, never after.
    assertFalse(
        issued.expiresAt().isAfter(active.expiresAt()),
        issued.expiresAt() + " after " + active.expiresAt());
    assertTrue(
        Duration.between(issued.expiresAt(), active.expiresAt()).compareTo(Duration.ofSeconds(2))
            < 0,
        issued.expiresAt() + " vs " + active.expiresAt());
    assertEquals(issued.expiresAt(), k.tokenExpiresAt());

    History history = stack.client.fetchHistory(GrantIds.grantWorkflowId(active.id())).getHistory();
    String raw = new String(history.toByteArray(), StandardCharsets.ISO_8859_1);
    assertFalse(raw.contains(token), "the token is in the history in plaintext");
    assertFalse(raw.contains("current-context"), "the kubeconfig is in the history in plaintext");
    assertFalse(
        raw.contains("alice@example.com\",\"displayName"),
        "identities are in the history in plaintext");
    assertTrue(raw.contains("binary/encrypted"));
  }
}
