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
    KubeconfigCa ca = serverCa(c, server != null);
    c.finish(null);
    return name == null
        ? null
        : new KubernetesClusterConfig(name, inCluster, kubeconfig, context, namespace, server, ca);
  }

  /**
   * The CA issued kubeconfigs trust: {@code serverCa: cluster} (the default) or {@code public}, or
   * the PEM certificates of {@code serverCaFile}, read and checked here. Only {@code cluster} makes
   * sense without {@code server}: the worker's own URL is served with the CA the worker trusts.
   */
  private static KubeconfigCa serverCa(ConfigNode c, boolean hasServer) {
    String choice = c.string("serverCa", null, false);
    Path file = c.optionalPath("serverCaFile");
    if (choice != null && file != null) {
      c.problem("serverCaFile", "give serverCa or serverCaFile, not both");
      return KubeconfigCa.CLUSTER;
    }
    if (file != null) {
      if (!hasServer) {
        c.problem("serverCaFile", "only with server (the URL whose certificate it signed)");
      }
      String data = PemCertificates.base64(file, reason -> c.problem("serverCaFile", reason));
      return data == null ? KubeconfigCa.CLUSTER : KubeconfigCa.file(file, data);
    }
    if (choice == null || choice.equals("cluster")) {
      return KubeconfigCa.CLUSTER;
    }
    if (!choice.equals("public")) {
      c.problem(
          "serverCa",
          "'" + choice + "' is not one of cluster, public (or give serverCaFile: a PEM file)");
      return KubeconfigCa.CLUSTER;
    }
    if (!hasServer) {
      c.problem("serverCa", "public only with server (a URL with a publicly trusted certificate)");
    }
    return KubeconfigCa.PUBLIC;
  }
}
