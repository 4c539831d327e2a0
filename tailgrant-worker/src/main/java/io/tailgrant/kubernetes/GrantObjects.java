package io.tailgrant.kubernetes;

import static io.tailgrant.kubernetes.KubernetesNames.ENDS_AT_ANNOTATION;
import static io.tailgrant.kubernetes.KubernetesNames.GRANT_LABEL;
import static io.tailgrant.kubernetes.KubernetesNames.MANAGED_BY;
import static io.tailgrant.kubernetes.KubernetesNames.MANAGED_BY_LABEL;
import static io.tailgrant.kubernetes.KubernetesNames.REQUESTER_ANNOTATION;
import static io.tailgrant.kubernetes.KubernetesNames.objectName;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.RoleRefBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.time.Duration;
import java.time.Instant;

/** The Kubernetes objects of one kubernetes grant, built from its access alone. */
final class GrantObjects {

  /** Kubernetes refuses TokenRequests shorter than this. */
  static final long MIN_TOKEN_SECONDS = 600;

  private GrantObjects() {}

  /**
   * The grant's ServiceAccount in {@code namespace} (the cluster's TailGrant namespace); tokens are
   * only minted on request, so none is mounted.
   */
  static ServiceAccount serviceAccount(KubernetesAccess access, String namespace) {
    return new ServiceAccountBuilder()
        .withMetadata(meta(namespace, access))
        .withAutomountServiceAccountToken(false)
        .build();
  }

  /**
   * What binds the ServiceAccount in {@code namespace} to the role's ClusterRole: a
   * ClusterRoleBinding when the role is cluster-wide, else a RoleBinding in the role's namespace.
   */
  static HasMetadata binding(KubernetesAccess access, String namespace) {
    String name = objectName(access.grantId());
    Subject subject =
        new SubjectBuilder()
            .withKind("ServiceAccount")
            .withName(name)
            .withNamespace(namespace)
            .build();
    RoleRef roleRef =
        new RoleRefBuilder()
            .withApiGroup("rbac.authorization.k8s.io")
            .withKind("ClusterRole")
            .withName(access.role().clusterRole())
            .build();
    String bindingNamespace = access.role().namespace();
    if (bindingNamespace == null) {
      return new ClusterRoleBindingBuilder()
          .withMetadata(meta(null, access))
          .withSubjects(subject)
          .withRoleRef(roleRef)
          .build();
    }
    return new RoleBindingBuilder()
        .withMetadata(meta(bindingNamespace, access))
        .withSubjects(subject)
        .withRoleRef(roleRef)
        .build();
  }

  /**
   * A request for a token that lasts until {@code endsAt} as seen at {@code now}, or the shortest
   * Kubernetes accepts.
   */
  static TokenRequest tokenRequest(Instant endsAt, Instant now) {
    long seconds = Math.max(MIN_TOKEN_SECONDS, Duration.between(now, endsAt).toSeconds());
    return new TokenRequestBuilder().withNewSpec().withExpirationSeconds(seconds).endSpec().build();
  }

  /**
   * Labels find the grant's objects again (extend, deprovision, the orphan sweep); the end
   * annotation lets the sweep remove them even if the grant's workflow never does.
   */
  private static ObjectMeta meta(String namespace, KubernetesAccess access) {
    return new ObjectMetaBuilder()
        .withName(objectName(access.grantId()))
        .withNamespace(namespace)
        .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
        .addToLabels(GRANT_LABEL, access.grantId())
        .addToAnnotations(REQUESTER_ANNOTATION, access.requester())
        .addToAnnotations(ENDS_AT_ANNOTATION, access.endsAt().toString())
        .build();
  }
}
