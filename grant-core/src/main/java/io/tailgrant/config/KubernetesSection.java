package io.tailgrant.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.config.ConfigNode.UrlForm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the {@code kubernetes} section: the clusters and the TKA grant type. */
final class KubernetesSection {
  private KubernetesSection() {}

  static KubernetesConfig read(ConfigNode n) {
    if (n == null) {
      return KubernetesConfig.none();
    }
    List<KubernetesClusterConfig> clusters = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ConfigNode c : n.objects("clusters")) {
      KubernetesClusterConfig cluster = cluster(c, names);
      if (cluster != null) {
        clusters.add(cluster);
      }
    }
    JsonNode listed = n.raw("clusters");
    if (listed != null && listed.isArray() && listed.isEmpty()) {
      n.problem("clusters", "must list at least one cluster");
    }
    String tka = n.string("tkaGrantType", null, false);
    n.finish(null);
    return new KubernetesConfig(clusters, tka);
  }

  /** One cluster; null when it has no name. {@code names} collects the names seen so far. */
  private static KubernetesClusterConfig cluster(ConfigNode c, Set<String> names) {
    String name = c.string("name", null, true);
    if (name != null && c.name("name", name) && !names.add(name)) {
      c.problem("name", "'" + name + "' is used by another cluster");
    }
    boolean inCluster = c.bool("inCluster", false);
    Path kubeconfig = c.optionalPath("kubeconfigFile");
    if (inCluster == (kubeconfig != null)) {
      c.problem(
          "kubeconfigFile",
          "give exactly one of kubeconfigFile (with an optional context) or inCluster: true");
    }
    String context = c.string("context", null, false);
    if (inCluster && context != null) {
      c.problem("context", "only with kubeconfigFile");
    }
    String namespace = c.string("namespace", "tailgrant", false);
    c.kubernetesNamespace("namespace", namespace);
    String server = c.string("server", null, false);
    if (server != null) {
      c.url("server", server, UrlForm.HTTP);
    }
    c.finish(null);
    return name == null
        ? null
        : new KubernetesClusterConfig(name, inCluster, kubeconfig, context, namespace, server);
  }
}
