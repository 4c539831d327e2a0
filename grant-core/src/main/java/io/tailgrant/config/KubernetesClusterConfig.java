package io.tailgrant.config;

import java.nio.file.Path;

/**
 * A cluster the worker may grant access to: reached in-cluster (its own ServiceAccount) or through
 * {@code kubeconfigFile} and {@code context}. Grant ServiceAccounts live in {@code namespace};
 * {@code server} (may be null) is the API URL written into users' kubeconfigs when it differs from
 * the one the worker uses, and {@code serverCa} the CA those kubeconfigs trust for it.
 */
public record KubernetesClusterConfig(
    String name,
    boolean inCluster,
    Path kubeconfigFile,
    String context,
    String namespace,
    String server,
    KubeconfigCa serverCa) {

  public KubernetesClusterConfig {
    serverCa = serverCa == null ? KubeconfigCa.CLUSTER : serverCa;
  }

  /** A cluster whose kubeconfigs trust the CA the worker trusts. */
  public KubernetesClusterConfig(
      String name,
      boolean inCluster,
      Path kubeconfigFile,
      String context,
      String namespace,
      String server) {
    this(name, inCluster, kubeconfigFile, context, namespace, server, KubeconfigCa.CLUSTER);
  }
}
