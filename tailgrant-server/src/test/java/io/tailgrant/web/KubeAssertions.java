package io.tailgrant.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.tailgrant.web.ApiClient.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Looking at what a kubernetes grant did in the simulated cluster, and reading kubeconfigs. */
final class KubeAssertions {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * The namespace of cluster {@code dev} in server-test-config.yaml, where ServiceAccounts live.
   */
  static final String NAMESPACE = "tailgrant";

  private KubeAssertions() {}

  static String objectName(String grantId) {
    return "tailgrant-" + grantId;
  }

  static ServiceAccount serviceAccount(ServerTestStack stack, String grantId) {
    return stack
        .cluster
        .client()
        .serviceAccounts()
        .inNamespace(NAMESPACE)
        .withName(objectName(grantId))
        .get();
  }

  static ClusterRoleBinding clusterRoleBinding(ServerTestStack stack, String grantId) {
    return stack.cluster.client().rbac().clusterRoleBindings().withName(objectName(grantId)).get();
  }

  static JsonNode parseYaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not YAML: " + text, e);
    }
  }

  /** The bearer token of the user the kubeconfig's current context uses. */
  static String token(JsonNode kubeconfig) {
    String context = kubeconfig.path("current-context").asText();
    String user = null;
    for (JsonNode c : kubeconfig.path("contexts")) {
      if (c.path("name").asText().equals(context)) {
        user = c.path("context").path("user").asText();
      }
    }
    assertTrue(
        user != null, () -> "current-context '" + context + "' names no context: " + kubeconfig);
    for (JsonNode u : kubeconfig.path("users")) {
      if (u.path("name").asText().equals(user)) {
        return u.path("user").path("token").asText();
      }
    }
    throw new AssertionError(
        "context " + context + " names user " + user + ", which is not listed: " + kubeconfig);
  }

  /** An API error: the status, and the JSON body {@code {"error": code, "message": ...}}. */
  static void assertError(Answer a, int status, String code) {
    assertEquals(status, a.status(), a::toString);
    assertEquals(code, a.error(), a::toString);
    assertTrue(
        a.json().path("message").isTextual() && !a.json().path("message").asText().isBlank(),
        a::toString);
    assertTrue(
        String.valueOf(a.header("Content-Type")).startsWith("application/json"), a::toString);
  }
}
