package io.tailgrant.kubernetes;

import static io.tailgrant.kubernetes.KubernetesNames.ENDS_AT_ANNOTATION;
import static io.tailgrant.kubernetes.KubernetesNames.GRANT_LABEL;
import static io.tailgrant.kubernetes.KubernetesNames.MANAGED_BY_LABEL;
import static io.tailgrant.kubernetes.KubernetesNames.REQUESTER_ANNOTATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link GrantObjects} from a plain {@link KubernetesAccess}: no cluster involved. */
class GrantObjectsTest {
  private static final Instant END = Instant.parse("2030-05-01T11:00:00Z");
  private static final String NS = "tailgrant";

  private static KubernetesAccess access(String grantId, KubernetesRole role) {
    return new KubernetesAccess(grantId, "test", role, "alice@example.com", END);
  }

  private static void assertGrantMeta(ObjectMeta meta, String grantId) {
    assertEquals("tailgrant-" + grantId, meta.getName());
    assertEquals(Map.of(MANAGED_BY_LABEL, "tailgrant", GRANT_LABEL, grantId), meta.getLabels());
    assertEquals(
        Map.of(REQUESTER_ANNOTATION, "alice@example.com", ENDS_AT_ANNOTATION, END.toString()),
        meta.getAnnotations());
  }

  private static void assertBindsTheServiceAccount(
      List<Subject> subjects, RoleRef roleRef, String grantId, String clusterRole) {
    assertEquals(1, subjects.size());
    assertEquals("ServiceAccount", subjects.get(0).getKind());
    assertEquals("tailgrant-" + grantId, subjects.get(0).getName());
    assertEquals(NS, subjects.get(0).getNamespace());
    assertEquals("rbac.authorization.k8s.io", roleRef.getApiGroup());
    assertEquals("ClusterRole", roleRef.getKind());
    assertEquals(clusterRole, roleRef.getName());
  }

  @Test
  void theServiceAccountLivesInTheClusterNamespaceWithoutAMountedToken() {
    ServiceAccount sa =
        GrantObjects.serviceAccount(access("g-1", new KubernetesRole("view", null)), NS);

    assertGrantMeta(sa.getMetadata(), "g-1");
    assertEquals(NS, sa.getMetadata().getNamespace());
    assertFalse(sa.getAutomountServiceAccountToken());
  }

  @Test
  void aClusterWideRoleGetsAClusterRoleBinding() {
    HasMetadata binding =
        GrantObjects.binding(access("g-view", new KubernetesRole("view", null)), NS);

    ClusterRoleBinding crb = assertInstanceOf(ClusterRoleBinding.class, binding);
    assertGrantMeta(crb.getMetadata(), "g-view");
    assertNull(crb.getMetadata().getNamespace());
    assertBindsTheServiceAccount(crb.getSubjects(), crb.getRoleRef(), "g-view", "view");
  }

  @Test
  void aNamespacedRoleGetsARoleBindingInThatNamespace() {
    HasMetadata binding =
        GrantObjects.binding(access("g-edit", new KubernetesRole("edit", "team-a")), NS);

    RoleBinding rb = assertInstanceOf(RoleBinding.class, binding);
    assertGrantMeta(rb.getMetadata(), "g-edit");
    assertEquals("team-a", rb.getMetadata().getNamespace());
    assertBindsTheServiceAccount(rb.getSubjects(), rb.getRoleRef(), "g-edit", "edit");
  }

  @Test
  void theTokenLastsUntilTheEnd() {
    Instant now = END.minus(Duration.ofHours(1));
    assertEquals(3600L, GrantObjects.tokenRequest(END, now).getSpec().getExpirationSeconds());
  }

  @Test
  void theTokenNeverAsksForLessThanKubernetesAccepts() {
    Instant now = END.minus(Duration.ofMinutes(5));
    assertEquals(600L, GrantObjects.tokenRequest(END, now).getSpec().getExpirationSeconds());
    assertEquals(
        600L,
        GrantObjects.tokenRequest(END, END.plusSeconds(60)).getSpec().getExpirationSeconds(),
        "an end already past still asks for the minimum");
  }
}
