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
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.RoleRefBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.tailgrant.kubernetes.KubernetesClusters.Cluster;
import io.tailgrant.secrets.RecipientSeal;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies kubernetes grants with fabric8: a ServiceAccount per grant in the cluster's namespace,
 * bound to the type's ClusterRole cluster-wide or in one namespace. Tokens are minted on demand and
 * never stored here.
 */
public final class KubernetesActivitiesImpl implements KubernetesActivities {
  private static final Logger log = LoggerFactory.getLogger(KubernetesActivitiesImpl.class);

  /** Kubernetes refuses TokenRequests shorter than this. */
  static final long MIN_TOKEN_SECONDS = 600;

  /** An object whose recorded end is this far past is removed even if its grant still runs. */
  static final Duration ORPHAN_GRACE = Duration.ofMinutes(2);

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
    ObjectMeta meta = meta(name, null, access);
    call(
        "create ServiceAccount " + ns + "/" + name,
        () ->
            k.serviceAccounts()
                .inNamespace(ns)
                .resource(
                    new ServiceAccountBuilder()
                        .withMetadata(meta)
                        .withAutomountServiceAccountToken(false)
                        .build())
                .createOr(NonDeletingOperation::update));
    Subject subject =
        new SubjectBuilder().withKind("ServiceAccount").withName(name).withNamespace(ns).build();
    RoleRef roleRef =
        new RoleRefBuilder()
            .withApiGroup("rbac.authorization.k8s.io")
            .withKind("ClusterRole")
            .withName(access.role().clusterRole())
            .build();
    if (access.role().namespace() == null) {
      call(
          "create ClusterRoleBinding " + name + " to " + access.role().clusterRole(),
          () ->
              k.rbac()
                  .clusterRoleBindings()
                  .resource(
                      new ClusterRoleBindingBuilder()
                          .withMetadata(meta)
                          .withSubjects(subject)
                          .withRoleRef(roleRef)
                          .build())
                  .createOr(NonDeletingOperation::update));
    } else {
      String bindingNs = access.role().namespace();
      call(
          "create RoleBinding " + bindingNs + "/" + name + " to " + access.role().clusterRole(),
          () ->
              k.rbac()
                  .roleBindings()
                  .inNamespace(bindingNs)
                  .resource(
                      new RoleBindingBuilder()
                          .withMetadata(meta(name, bindingNs, access))
                          .withSubjects(subject)
                          .withRoleRef(roleRef)
                          .build())
                  .createOr(NonDeletingOperation::update));
    }
    log.info(
        "kubernetes: grant {} bound {} to {} in cluster {} until {}",
        access.grantId(),
        name,
        access.role().clusterRole(),
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
    long seconds =
        Math.max(MIN_TOKEN_SECONDS, Duration.between(clock.instant(), endsAt).toSeconds());
    TokenRequest answer =
        call(
            "request a token for ServiceAccount " + ns + "/" + name,
            () ->
                cluster
                    .client()
                    .serviceAccounts()
                    .inNamespace(ns)
                    .withName(name)
                    .tokenRequest(
                        new TokenRequestBuilder()
                            .withNewSpec()
                            .withExpirationSeconds(seconds)
                            .endSpec()
                            .build()));
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
      Map<String, List<HasMetadata>> byGrant = new HashMap<>();
      for (HasMetadata o : managedObjects(cluster)) {
        byGrant
            .computeIfAbsent(
                o.getMetadata().getLabels().get(GRANT_LABEL), g -> new java.util.ArrayList<>())
            .add(o);
      }
      Set<String> checked = new HashSet<>();
      for (var entry : byGrant.entrySet()) {
        String grantId = entry.getKey();
        if (grantId == null || !checked.add(grantId) || !isOrphan(grantId, entry.getValue())) {
          continue;
        }
        for (HasMetadata o : entry.getValue()) {
          log.warn(
              "reconcile: removing {} {} of grant {} in cluster {}: no open grant owns it",
              o.getKind(),
              o.getMetadata().getName(),
              grantId,
              name);
          cluster.client().resource(o).delete();
          removed++;
        }
      }
    }
    io.micrometer.core.instrument.Metrics.counter("tailgrant.reconcile.kubernetes.orphans")
        .increment(removed);
    return removed;
  }

  /**
   * Past its recorded end (plus a grace for the grant's own removal), or its grant no longer runs.
   */
  private boolean isOrphan(String grantId, List<HasMetadata> objects) {
    Instant now = clock.instant();
    boolean overdue =
        objects.stream()
            .map(o -> o.getMetadata().getAnnotations())
            .map(a -> a == null ? null : a.get(ENDS_AT_ANNOTATION))
            .map(KubernetesActivitiesImpl::parseEnd)
            .anyMatch(end -> end.plus(ORPHAN_GRACE).isBefore(now));
    return overdue || !grantIsOpen.test(grantId);
  }

  /**
   * TailGrant always writes the end; without a readable one (edited by hand) access is not kept.
   */
  private static Instant parseEnd(String text) {
    try {
      return text == null ? Instant.EPOCH : Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      return Instant.EPOCH;
    }
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
    List<HasMetadata> found = new java.util.ArrayList<>();
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

  private static ObjectMeta meta(String name, String namespace, KubernetesAccess access) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
        .addToLabels(GRANT_LABEL, access.grantId())
        .addToAnnotations(REQUESTER_ANNOTATION, access.requester())
        .addToAnnotations(ENDS_AT_ANNOTATION, access.endsAt().toString())
        .build();
  }

  /**
   * Runs one API call; Kubernetes' own refusals (RBAC 403, invalid 422, 400) are final and carry
   * the API's message, anything else is retried by Temporal.
   */
  private static <T> T call(String what, java.util.function.Supplier<T> call) {
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
