package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.awaitStatus;
import static io.tailgrant.web.GrantRequests.request;
import static io.tailgrant.web.KubeAssertions.assertError;
import static io.tailgrant.web.KubeAssertions.clusterRoleBinding;
import static io.tailgrant.web.KubeAssertions.objectName;
import static io.tailgrant.web.KubeAssertions.parseYaml;
import static io.tailgrant.web.KubeAssertions.serviceAccount;
import static io.tailgrant.web.KubeAssertions.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.sim.kubernetes.IssuedToken;
import io.tailgrant.web.ApiClient.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/grants/{id}/kubeconfig: a credential for the requester of an active kubernetes grant
 * only, with a status code for every other case, and the grant's cluster objects living exactly as
 * long as the grant.
 */
class KubeconfigApiTest extends ServerStackTest {
  static String path(String id) {
    return "/api/v1/grants/" + id + "/kubeconfig";
  }

  /**
   * The token the cluster issued for {@code kubeconfig}, checked to be this grant's
   * ServiceAccount's.
   */
  static IssuedToken issuedFor(String id, JsonNode kubeconfig) {
    String token = token(kubeconfig);
    IssuedToken issued =
        stack
            .cluster
            .token(token)
            .orElseThrow(
                () -> new AssertionError("the cluster never issued the kubeconfig's token"));
    assertEquals(KubeAssertions.NAMESPACE, issued.namespace());
    assertEquals(objectName(id), issued.serviceAccount());
    return issued;
  }

  static void assertTokenEndsWithTheGrant(IssuedToken issued, Instant grantExpiresAt) {
    assertFalse(
        issued.expiresAt().isAfter(grantExpiresAt),
        () -> "token expires " + issued.expiresAt() + ", after the grant (" + grantExpiresAt + ")");
    assertTrue(
        Duration.between(issued.expiresAt(), grantExpiresAt).compareTo(Duration.ofSeconds(2)) < 0,
        () ->
            "token expires "
                + issued.expiresAt()
                + ", well before the grant ("
                + grantExpiresAt
                + ")");
  }

  @Test
  void activeGrantGivesItsRequesterAYamlKubeconfigForItsServiceAccount() {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "k8s-view", null, "1h", "read pods in dev");
    Instant expiresAt =
        Instant.parse(awaitStatus(alice, id, "active").json().path("expiresAt").asText());

    Answer k = alice.get(path(id));

    assertEquals(200, k.status(), k::toString);
    assertTrue(
        String.valueOf(k.header("Content-Type")).startsWith("application/yaml"), k::toString);
    assertEquals("no-store", k.header("Cache-Control"));
    JsonNode config = parseYaml(k.body());
    assertEquals("Config", config.path("kind").asText(), k::body);
    assertEquals("v1", config.path("apiVersion").asText(), k::body);
    IssuedToken issued = issuedFor(id, config);
    assertEquals(
        issued.expiresAt(),
        Instant.parse(k.header("X-TailGrant-Token-Expires")),
        "the header tells when the token stops working");
    assertTokenEndsWithTheGrant(issued, expiresAt);
    // The current context points at cluster dev on the simulated API server, as the grant's user.
    String contextName = config.path("current-context").asText();
    JsonNode context = null;
    for (JsonNode c : config.path("contexts")) {
      if (c.path("name").asText().equals(contextName)) {
        context = c.path("context");
      }
    }
    assertNotNull(context, k::body);
    assertEquals("dev", context.path("cluster").asText(), k::body);
    assertEquals(objectName(id), context.path("user").asText(), k::body);
    assertEquals("dev", config.path("clusters").path(0).path("name").asText(), k::body);
    assertTrue(
        config
            .path("clusters")
            .path(0)
            .path("cluster")
            .path("server")
            .asText()
            .contains(":" + stack.cluster.port()),
        k::body);
  }

  @Test
  void eachFetchMintsAFreshTokenForTheSameServiceAccount() {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "k8s-view", null, "2h", "watch a rollout");
    awaitStatus(alice, id, "active");

    Answer first = alice.get(path(id));
    Answer second = alice.get(path(id));

    assertEquals(200, first.status(), first::toString);
    assertEquals(200, second.status(), second::toString);
    String a = token(parseYaml(first.body()));
    String b = token(parseYaml(second.body()));
    assertFalse(a.equals(b), "a kubeconfig is minted per request, never cached");
    assertEquals(objectName(id), issuedFor(id, parseYaml(second.body())).serviceAccount());
    JsonNode timeline = alice.get("/api/v1/grants/" + id).json().path("timeline");
    long issuedEvents = 0;
    for (JsonNode e : timeline) {
      if (e.path("action").asText().equals("kubeconfig issued")) {
        issuedEvents++;
        assertFalse(
            e.toString().contains(a) || e.toString().contains(b),
            "the timeline never shows a token");
      }
    }
    assertEquals(2, issuedEvents, timeline::toString);
  }

  @Test
  void afterAnExtensionTheTokenEndsWithTheNewEnd() {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "k8s-view", null, "1h", "long investigation");
    Instant firstEnd =
        Instant.parse(awaitStatus(alice, id, "active").json().path("expiresAt").asText());
    assertTokenEndsWithTheGrant(issuedFor(id, parseYaml(alice.get(path(id)).body())), firstEnd);

    Answer extended = alice.post("/api/v1/grants/" + id + "/extend", Map.of("duration", "30m"));
    assertEquals(200, extended.status(), extended::toString);
    Instant newEnd = Instant.parse(extended.json().path("expiresAt").asText());
    assertEquals(firstEnd.plus(Duration.ofMinutes(30)), newEnd);

    Answer k = alice.get(path(id));
    assertEquals(200, k.status(), k::toString);
    assertTokenEndsWithTheGrant(issuedFor(id, parseYaml(k.body())), newEnd);
    assertEquals(
        newEnd.toString(),
        serviceAccount(stack, id).getMetadata().getAnnotations().get("tailgrant.io/ends-at"),
        "the ServiceAccount records the new end");
  }

  @Test
  void serviceAccountAndBindingLiveWhileActiveAndGoAtRevoke() {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "k8s-view", null, "1h", "inspect a deployment");
    awaitStatus(alice, id, "active");

    assertNotNull(
        serviceAccount(stack, id), "ServiceAccount tailgrant-" + id + " exists while active");
    ClusterRoleBinding binding = clusterRoleBinding(stack, id);
    assertNotNull(binding, "ClusterRoleBinding tailgrant-" + id + " exists while active");
    assertEquals("ClusterRole", binding.getRoleRef().getKind());
    assertEquals("view", binding.getRoleRef().getName());
    assertEquals(1, binding.getSubjects().size());
    assertEquals("ServiceAccount", binding.getSubjects().get(0).getKind());
    assertEquals(objectName(id), binding.getSubjects().get(0).getName());
    assertEquals(KubeAssertions.NAMESPACE, binding.getSubjects().get(0).getNamespace());
    assertEquals(200, alice.get(path(id)).status());

    Answer revoked = alice.post("/api/v1/grants/" + id + "/revoke", Map.of("reason", "done"));
    assertEquals(200, revoked.status(), revoked::toString);
    assertEquals("revoked", revoked.json().path("status").asText(), revoked::toString);

    assertNull(serviceAccount(stack, id), "revoke removed the ServiceAccount");
    assertNull(clusterRoleBinding(stack, id), "revoke removed the ClusterRoleBinding");
    assertError(alice.get(path(id)), 410, "ended");
  }

  @Test
  void expiredGrantIsGoneAndSoAreItsObjects() throws Exception {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "k8s-view", null, "20m", "quick look");
    awaitStatus(alice, id, "active");
    assertEquals(200, alice.get(path(id)).status());
    assertNotNull(serviceAccount(stack, id));

    // Waiting for the workflow's result lets the test server skip the 20 minutes.
    GrantView end =
        stack
            .env
            .getWorkflowClient()
            .newUntypedWorkflowStub("grant/" + id)
            .getResult(GrantView.class);

    assertEquals(GrantStatus.EXPIRED, end.status());
    assertEquals("expired", GrantRequests.status(alice, id));
    assertError(alice.get(path(id)), 410, "ended");
    assertNull(serviceAccount(stack, id), "expiry removed the ServiceAccount");
    assertNull(clusterRoleBinding(stack, id), "expiry removed the ClusterRoleBinding");
  }

  @Test
  void pendingGrantAnswers202UntilApprovedThen200() {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "k8s-admin", null, "30m", "fix a broken CRD");

    Answer waiting = alice.get(path(id));
    assertEquals(202, waiting.status(), waiting::toString);
    assertEquals(String.valueOf(ApiRoutes.RETRY_AFTER_SECONDS), waiting.header("Retry-After"));
    assertEquals("not_ready", waiting.json().path("status").asText(), waiting::toString);
    assertNull(waiting.header("X-TailGrant-Token-Expires"), "no credential before approval");
    assertNull(serviceAccount(stack, id), "nothing exists in the cluster before approval");

    Answer approved =
        stack.as("bob-laptop").post("/api/v1/grants/" + id + "/approve", Map.of("comment", "ok"));
    assertEquals(200, approved.status(), approved::toString);
    assertEquals("active", approved.json().path("status").asText(), approved::toString);

    Answer k = alice.get(path(id));
    assertEquals(200, k.status(), k::toString);
    IssuedToken issued = issuedFor(id, parseYaml(k.body()));
    assertTokenEndsWithTheGrant(issued, Instant.parse(approved.json().path("expiresAt").asText()));
    assertEquals("cluster-admin", clusterRoleBinding(stack, id).getRoleRef().getName());
  }

  @Test
  void onlyTheRequesterGetsTheKubeconfigEvenThoughApproversAndAdminsSeeTheGrant() {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "k8s-admin", null, "30m", "rotate a secret");

    // Waiting for approval: bob (approver) sees the grant but not its kubeconfig.
    assertEquals(200, stack.as("bob-laptop").get("/api/v1/grants/" + id).status());
    assertError(stack.as("bob-laptop").get(path(id)), 404, "not_found");

    assertEquals(
        200, stack.as("bob-laptop").post("/api/v1/grants/" + id + "/approve", Map.of()).status());
    awaitStatus(alice, id, "active");
    int before = stack.cluster.issuedTokens().size();

    for (String host : List.of("bob-laptop", "erin-laptop", "carol-laptop")) {
      assertEquals(
          200, stack.as(host).get("/api/v1/grants/" + id).status(), host + " may see the grant");
      Answer a = stack.as(host).get(path(id));
      assertError(a, 404, "not_found");
      assertFalse(
          a.body().contains("alice"), () -> host + ": a 404 tells nothing about the grant: " + a);
    }
    assertError(stack.as("dave-laptop").get(path(id)), 404, "not_found");
    assertEquals(
        before, stack.cluster.issuedTokens().size(), "no token was minted for anyone but alice");
    assertEquals(200, alice.get(path(id)).status());
  }

  @Test
  void unknownAndMalformedIdsAreNotFound() {
    for (String id :
        List.of("g-aaaaaaaaaaaa", "g-zzzzzzzzzzzzzzzz", "nope", "grant%2Fg-aaaaaaaaaaaa")) {
      Answer a = stack.as("alice-laptop").get(path(id));
      assertError(a, 404, "not_found");
    }
  }

  @Test
  void postureGrantHasNoKubeconfig() {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "ssh-prod", null, "1h", "check a log");

    Answer a = alice.get(path(id));

    assertError(a, 409, "not_kubernetes");
    awaitStatus(alice, id, "active");
    assertError(alice.get(path(id)), 409, "not_kubernetes");
    assertEquals(200, alice.post("/api/v1/grants/" + id + "/revoke", Map.of()).status());
  }

  @Test
  void deniedGrantIsGone() {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "k8s-admin", null, "30m", "just in case");

    Answer denied =
        stack
            .as("erin-laptop")
            .post("/api/v1/grants/" + id + "/deny", Map.of("comment", "use k8s-view"));
    assertEquals(200, denied.status(), denied::toString);
    assertEquals("denied", denied.json().path("status").asText(), denied::toString);

    assertError(alice.get(path(id)), 410, "ended");
    assertNull(serviceAccount(stack, id), "a denied grant never reached the cluster");
  }

  @Test
  void grantRevokedBeforeApprovalIsGone() {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "k8s-admin", null, "30m", "maybe later");
    assertEquals(202, alice.get(path(id)).status());

    Answer revoked = alice.post("/api/v1/grants/" + id + "/revoke", Map.of("reason", "not needed"));
    assertEquals(200, revoked.status(), revoked::toString);
    assertEquals("revoked", revoked.json().path("status").asText(), revoked::toString);

    assertError(alice.get(path(id)), 410, "ended");
    assertNull(serviceAccount(stack, id));
  }
}
