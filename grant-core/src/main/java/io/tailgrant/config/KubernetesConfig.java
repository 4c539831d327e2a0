package io.tailgrant.config;

import java.util.List;
import java.util.Optional;

/**
 * Kubernetes clusters, and the grant type the TKA-compatible endpoints sign in with (may be null).
 */
public record KubernetesConfig(List<KubernetesClusterConfig> clusters, String tkaGrantType) {

  public KubernetesConfig {
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
  }

  public static KubernetesConfig none() {
    return new KubernetesConfig(List.of(), null);
  }

  public Optional<KubernetesClusterConfig> cluster(String name) {
    return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
