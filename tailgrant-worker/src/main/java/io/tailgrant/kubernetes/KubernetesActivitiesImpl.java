package io.tailgrant.kubernetes;

import static io.tailgrant.kubernetes.KubernetesNames.ENDS_AT_ANNOTATION;
import static io.tailgrant.kubernetes.KubernetesNames.GRANT_LABEL;
import static io.tailgrant.kubernetes.KubernetesNames.MANAGED_BY;
import static io.tailgrant.kubernetes.KubernetesNames.MANAGED_BY_LABEL;
import static io.tailgrant.kubernetes.KubernetesNames.objectName;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.micrometer.core.instrument.Metrics;
import io.tailgrant.kubernetes.KubernetesClusters.Cluster;
import io.tailgrant.secrets.RecipientSeal;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies kubernetes grants with fabric8: a ServiceAccount per grant in the cluster's namespace,
 * bound to the type's ClusterRole cluster-wide or in one namespace. Tokens are minted on demand and
 * never stored here.
 */
public final class KubernetesActivitiesImpl implements KubernetesActivities {
  private static final Logger log = LoggerFactory.getLogger(KubernetesActivitiesImpl.class);

  private final KubernetesClusters clusters;
  private final Predicate<String> grantIsOpen;
  private final Clock clock;

  /** {@code grantIsOpen} answers from Temporal whether a grant's workflow still runs. */
  public KubernetesActivitiesImpl(
      KubernetesClusters clusters, Predicate<String> grantIsOpen, Clock clock) {
    this.clusters = clusters;
    this.grantIsOpen = grantIsOpen;
    this.clock = clock;
  }

  @Override
  public void provision(KubernetesAccess access) {
    Cluster cluster = clusters.get(access.cluster());
    KubernetesClient k = cluster.client();
    String ns = cluster.config().namespace();
    String name = objectName(access.grantId());
    ServiceAccount account = GrantObjects.serviceAccount(access, ns);
    call(
        "create ServiceAccount " + ns + "/" + name,
        () ->
            k.serviceAccounts()
                .inNamespace(ns)
                .resource(account)
                .createOr(NonDeletingOperation::update));
    String role = access.role().clusterRole();
    HasMetadata binding = GrantObjects.binding(access, ns);
    if (binding instanceof ClusterRoleBinding crb) {
      call(
          "create ClusterRoleBinding " + name + " to " + role,
          () ->
              k.rbac().clusterRoleBindings().resource(crb).createOr(NonDeletingOperation::update));
    } else if (binding instanceof RoleBinding rb) {
      String bindingNs = rb.getMetadata().getNamespace();
      call(
          "create RoleBinding " + bindingNs + "/" + name + " to " + role,
          () ->
              k.rbac()
                  .roleBindings()
                  .inNamespace(bindingNs)
                  .resource(rb)
                  .createOr(NonDeletingOperation::update));
    }
    log.info(
        "kubernetes: grant {} bound {} to {} in cluster {} until {}",
        access.grantId(),
        name,
        role,
        access.cluster(),
        access.endsAt());
  }

  @Override
  public void extend(String clusterName, String grantId, Instant endsAt) {
    Cluster cluster = clusters.get(clusterName);
    for (HasMetadata object : objectsOf(cluster, grantId)) {
      call(
          "record the new end on " + object.getKind() + " " + object.getMetadata().getName(),
          () -> {
            object.getMetadata().getAnnotations().put(ENDS_AT_ANNOTATION, endsAt.toString());
            return cluster.client().resource(object).update();
          });
    }
  }

  @Override
  public void deprovision(String clusterName, String grantId) {
    Cluster cluster = clusters.get(clusterName);
    List<HasMetadata> objects = objectsOf(cluster, grantId);
    for (HasMetadata object : objects) {
      call(
          "delete " + object.getKind() + " " + object.getMetadata().getName(),
          () -> cluster.client().resource(object).delete());
    }
    List<HasMetadata> left = objectsOf(cluster, grantId);
    if (!left.isEmpty()) {
      // Deletion is asynchronous in Kubernetes (finalizers); the retry checks again.
      throw ApplicationFailure.newFailure(
          "grant "
              + grantId
              + " still has "
              + left.size()
              + " object(s) in cluster "
              + clusterName
              + " after deletion",
          "KubernetesObjectsRemain");
    }
    if (!objects.isEmpty()) {
      log.info(
          "kubernetes: grant {} removed from cluster {} ({} objects)",
          grantId,
          clusterName,
          objects.size());
    }
  }

  @Override
  public IssuedKubeconfig mintKubeconfig(
      String clusterName, String grantId, Instant endsAt, String recipientKey) {
    Cluster cluster = clusters.get(clusterName);
    String ns = cluster.config().namespace();
    String name = objectName(grantId);
    TokenRequest request = GrantObjects.tokenRequest(endsAt, clock.instant());
    TokenRequest answer =
        call(
            "request a token for ServiceAccount " + ns + "/" + name,
            () ->
                cluster
                    .client()
                    .serviceAccounts()
                    .inNamespace(ns)
                    .withName(name)
                    .tokenRequest(request));
    String contextNamespace =
        cluster
            .client()
            .rbac()
            .roleBindings()
            .inAnyNamespace()
            .withLabel(GRANT_LABEL, grantId)
            .list()
            .getItems()
            .stream()
            .map(b -> b.getMetadata().getNamespace())
            .findFirst()
            .orElse("default");
    Instant expires = Instant.parse(answer.getStatus().getExpirationTimestamp());
    String yaml =
        Kubeconfigs.forToken(cluster, name, contextNamespace, answer.getStatus().getToken());
    // Sealed here, so the token exists in clear only in this process and the asking server.
    return new IssuedKubeconfig(RecipientSeal.seal(yaml, recipientKey, grantId), expires);
  }

  @Override
  public int removeOrphans() {
    int removed = 0;
    for (String name : clusters.names()) {
      Cluster cluster = clusters.get(name);
      Orphans orphans = Orphans.among(managedObjects(cluster), clock.instant());
      Set<String> running =
          orphans.undecided().stream().filter(grantIsOpen).collect(Collectors.toSet());
      for (var entry : orphans.toDelete(running).entrySet()) {
        for (HasMetadata o : entry.getValue()) {
          log.warn(
              "reconcile: removing {} {} of grant {} in cluster {}: no open grant owns it",
              o.getKind(),
              o.getMetadata().getName(),
              entry.getKey(),
              name);
          cluster.client().resource(o).delete();
          removed++;
        }
      }
    }
    Metrics.counter("tailgrant.reconcile.kubernetes.orphans").increment(removed);
    return removed;
  }

  private List<HasMetadata> managedObjects(Cluster cluster) {
    return labelled(cluster, MANAGED_BY_LABEL, MANAGED_BY);
  }

  private List<HasMetadata> objectsOf(Cluster cluster, String grantId) {
    return call(
        "list the objects of grant " + grantId, () -> labelled(cluster, GRANT_LABEL, grantId));
  }

  /**
   * TailGrant's three kinds of object carrying {@code label=value}: ServiceAccounts and both
   * bindings.
   */
  private static List<HasMetadata> labelled(Cluster cluster, String label, String value) {
    KubernetesClient k = cluster.client();
    List<HasMetadata> found = new ArrayList<>();
    found.addAll(
        k.serviceAccounts()
            .inNamespace(cluster.config().namespace())
            .withLabel(label, value)
            .list()
            .getItems());
    found.addAll(k.rbac().clusterRoleBindings().withLabel(label, value).list().getItems());
    found.addAll(
        k.rbac().roleBindings().inAnyNamespace().withLabel(label, value).list().getItems());
    return found;
  }

  /**
   * Runs one API call; Kubernetes' own refusals (RBAC 403, invalid 422, 400) are final and carry
   * the API's message, anything else is retried by Temporal.
   */
  private static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      String message =
          "Kubernetes: cannot "
              + what
              + ": "
              + (e.getStatus() != null && e.getStatus().getMessage() != null
                  ? e.getStatus().getMessage()
                  : e.getMessage());
      if (e.getCode() == 400 || e.getCode() == 403 || e.getCode() == 422) {
        throw ApplicationFailure.newNonRetryableFailure(message, "KubernetesRefused");
      }
      throw ApplicationFailure.newFailure(message, "KubernetesUnavailable");
    }
  }
}
