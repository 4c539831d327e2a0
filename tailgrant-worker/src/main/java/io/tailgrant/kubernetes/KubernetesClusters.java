package io.tailgrant.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.tailgrant.config.KubernetesClusterConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The worker's clients of the configured clusters, by cluster name. */
public final class KubernetesClusters implements AutoCloseable {
  private final Map<String, Cluster> clusters;

  /** One cluster: its client and how TailGrant uses it. */
  public record Cluster(KubernetesClusterConfig config, KubernetesClient client) {

    /** The API URL written into users' kubeconfigs. */
    public String serverUrl() {
      String url =
          config.server() != null ? config.server() : client.getConfiguration().getMasterUrl();
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
  }

  public KubernetesClusters(Map<String, Cluster> clusters) {
    this.clusters = Map.copyOf(clusters);
  }

  /** Clients for every configured cluster; nothing connects until the first call. */
  public static KubernetesClusters connect(List<KubernetesClusterConfig> configs) {
    Map<String, Cluster> clusters = new LinkedHashMap<>();
    for (KubernetesClusterConfig c : configs) {
      Config config =
          c.inCluster()
              ? Config.autoConfigure(null)
              : Config.fromKubeconfig(c.context(), c.kubeconfigFile().toFile());
      // Temporal retries activities; fabric8's own backoff (minutes on a failing API) would only
      // make each attempt outlive its timeout.
      config.setRequestRetryBackoffLimit(0);
      clusters.put(
          c.name(), new Cluster(c, new KubernetesClientBuilder().withConfig(config).build()));
    }
    return new KubernetesClusters(clusters);
  }

  public static KubernetesClusters none() {
    return new KubernetesClusters(Map.of());
  }

  public Cluster get(String name) {
    Cluster c = clusters.get(name);
    if (c == null) {
      throw new IllegalArgumentException(
          "no cluster '" + name + "' in this worker's kubernetes.clusters");
    }
    return c;
  }

  public Set<String> names() {
    return clusters.keySet();
  }

  @Override
  public void close() {
    clusters.values().forEach(c -> c.client().close());
  }
}
