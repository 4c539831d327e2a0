package io.tailgrant.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tailgrant.config.KubeconfigCa;
import io.tailgrant.kubernetes.KubernetesClusters.Cluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Builds the kubeconfig a grant's requester receives: one cluster, one token user, one context. */
final class Kubeconfigs {
  private Kubeconfigs() {}

  static String forToken(Cluster cluster, String user, String namespace, String token) {
    String clusterName = cluster.config().name();
    String context = clusterName + "-" + user;
    return Serialization.asYaml(
        new ConfigBuilder()
            .withApiVersion("v1")
            .withKind("Config")
            .addNewCluster()
            .withName(clusterName)
            .withNewCluster()
            .withServer(cluster.serverUrl())
            .withCertificateAuthorityData(caData(cluster))
            .endCluster()
            .endCluster()
            .addNewUser()
            .withName(user)
            .withNewUser()
            .withToken(token)
            .endUser()
            .endUser()
            .addNewContext()
            .withName(context)
            .withNewContext()
            .withCluster(clusterName)
            .withUser(user)
            .withNamespace(namespace)
            .endContext()
            .endContext()
            .withCurrentContext(context)
            .build());
  }

  /**
   * The CA the cluster's config chooses: the one the worker trusts (so users verify the same API
   * server), a file's, or none for a server with a publicly trusted certificate.
   */
  private static String caData(Cluster cluster) {
    KubeconfigCa ca = cluster.config().serverCa();
    return switch (ca.source()) {
      case PUBLIC -> null;
      case FILE -> ca.data();
      case CLUSTER -> workerCa(cluster);
    };
  }

  /** The cluster's CA as the worker's own client trusts it; null when it trusts the system's. */
  private static String workerCa(Cluster cluster) {
    var config = cluster.client().getConfiguration();
    if (config.getCaCertData() != null && !config.getCaCertData().isBlank()) {
      return config.getCaCertData();
    }
    if (config.getCaCertFile() != null) {
      try {
        return Base64.getEncoder()
            .encodeToString(Files.readAllBytes(Path.of(config.getCaCertFile())));
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot read the cluster CA " + config.getCaCertFile() + ": " + e.getMessage());
      }
    }
    return null;
  }
}
