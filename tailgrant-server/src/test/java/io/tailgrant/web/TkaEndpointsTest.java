package io.tailgrant.web;

import static io.tailgrant.web.KubeAssertions.assertError;
import static io.tailgrant.web.KubeAssertions.objectName;
import static io.tailgrant.web.KubeAssertions.parseYaml;
import static io.tailgrant.web.KubeAssertions.serviceAccount;
import static io.tailgrant.web.KubeAssertions.token;
import static io.tailgrant.web.ServerTestStack.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.sim.kubernetes.IssuedToken;
import io.tailgrant.web.ApiClient.Answer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The TKA-compatible API (/api/v1alpha1): a sign-in is the caller's open k8s-tka grant, whose role
 * and period come from the caller's example.com/cap/tka capability. Every test signs its users out
 * again, so each starts signed out.
 */
class TkaEndpointsTest extends ServerStackTest {
  static final String LOGIN = "/api/v1alpha1/login";
  static final String KUBECONFIG = "/api/v1alpha1/kubeconfig";
  static final String LOGOUT = "/api/v1alpha1/logout";

  @AfterEach
  void signEveryoneOut() {
    for (String host : List.of("alice-laptop", "bob-laptop", "erin-laptop")) {
      for (int i = 0; i < 5 && stack.as(host).post(LOGOUT).status() == 200; i++) {
        // each 200 ended one sign-in; stop at the 404 that says none is left
      }
    }
  }

  /** Signs in and checks TKA's UserLoginResponse plus our grant id. */
  static Answer login(String host, String username, String role) {
    Answer a = stack.as(host).post(LOGIN);
    assertEquals(202, a.status(), a::toString);
    assertEquals(username, a.json().path("username").asText(), a::toString);
    assertEquals(role, a.json().path("role").asText(), a::toString);
    assertTrue(a.json().path("until").isTextual(), a::toString);
    OffsetDateTime.parse(a.json().path("until").asText()); // RFC 3339
    assertTrue(a.json().path("grant").asText().startsWith("g-"), a::toString);
    return a;
  }

  /** Polls the login status until the sign-in is active (200). */
  static Answer awaitSignedIn(ApiClient as) {
    return eventually(() -> as.get(LOGIN), a -> a.status() == 200, "sign-in to become active");
  }

  /** The ids of the caller's k8s-tka grants that are still open, as the list shows them. */
  static Set<String> openTkaGrants(ApiClient as) {
    Answer list = as.get("/api/v1/grants?view=mine&limit=500");
    assertEquals(200, list.status(), list::toString);
    Set<String> out = new HashSet<>();
    for (JsonNode g : list.json().path("grants")) {
      if (g.path("grantType").asText().equals("k8s-tka")
          && Set.of("pending_approval", "activating", "active")
              .contains(g.path("status").asText())) {
        out.add(g.path("id").asText());
      }
    }
    return out;
  }

  @Test
  void aliceSignsInWithViewForHerCapabilityPeriod() {
    ApiClient alice = stack.as("alice-laptop");
    Answer login = login("alice-laptop", "alice", "view");
    String id = login.json().path("grant").asText();

    Answer grant = alice.get("/api/v1/grants/" + id);
    assertEquals(200, grant.status(), grant::toString);
    assertEquals("k8s-tka", grant.json().path("grantType").asText());
    assertEquals(
        "PT1H", grant.json().path("duration").asText(), "the period of alice's capability");
    assertEquals(
        "view", grant.json().path("kubernetes").path("clusterRole").asText(), grant::toString);
    assertEquals(
        "cluster/dev", grant.json().path("target").path("nodeId").asText(), grant::toString);

    Answer status = awaitSignedIn(alice);
    Instant expiresAt =
        Instant.parse(alice.get("/api/v1/grants/" + id).json().path("expiresAt").asText());
    Instant until = Instant.parse(login.json().path("until").asText());
    assertTrue(
        Duration.between(until, expiresAt).abs().compareTo(Duration.ofSeconds(5)) < 0,
        () -> "until " + until + " is the grant's end " + expiresAt);
    assertEquals(id, status.json().path("grant").asText());
    assertEquals("view", status.json().path("role").asText());
    assertEquals(
        expiresAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
        Instant.parse(status.json().path("until").asText()),
        "once active, until is the grant's end");
  }

  @Test
  void bobSignsInAsClusterAdminForTwoHours() {
    Answer login = login("bob-laptop", "bob", "cluster-admin");
    String id = login.json().path("grant").asText();

    Answer grant = stack.as("bob-laptop").get("/api/v1/grants/" + id);
    assertEquals("PT2H", grant.json().path("duration").asText(), grant::toString);
    assertEquals(
        "cluster-admin",
        grant.json().path("kubernetes").path("clusterRole").asText(),
        grant::toString);
    awaitSignedIn(stack.as("bob-laptop"));
    assertEquals(
        "cluster-admin", KubeAssertions.clusterRoleBinding(stack, id).getRoleRef().getName());
  }

  @Test
  void signingInAgainReturnsTheSameSignIn() {
    ApiClient erin = stack.as("erin-laptop");
    Set<String> before = openTkaGrants(erin);
    assertTrue(before.isEmpty(), () -> "erin starts signed out: " + before);

    String first = login("erin-laptop", "erin", "cluster-admin").json().path("grant").asText();
    String second = login("erin-laptop", "erin", "cluster-admin").json().path("grant").asText();
    awaitSignedIn(erin);
    String third = login("erin-laptop", "erin", "cluster-admin").json().path("grant").asText();

    assertEquals(first, second);
    assertEquals(first, third);
    assertEquals(Set.of(first), openTkaGrants(erin), "one sign-in, one grant");
  }

  @Test
  void concurrentLoginsMakeOneSignIn() throws Exception {
    ApiClient bob = stack.as("bob-laptop");
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Answer>> calls = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(pool.submit(() -> bob.post(LOGIN)));
      }
      Set<String> grants = new HashSet<>();
      for (var call : calls) {
        Answer a = call.get();
        assertEquals(202, a.status(), a::toString);
        grants.add(a.json().path("grant").asText());
      }
      assertEquals(1, grants.size(), () -> "one sign-in, but logins answered " + grants);
      assertEquals(grants, openTkaGrants(bob), "one open k8s-tka grant");
      // With several sign-ins, one logout ends only the newest and bob stays signed in.
      assertEquals(200, bob.post(LOGOUT).status());
      assertError(bob.get(LOGIN), 401, "not_signed_in");
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Servers are stateless and several: logins reaching two servers at once still share one grant,
   * because the sign-in is claimed through the person's sign-in workflow, not a lock in one JVM.
   */
  @Test
  void concurrentLoginsOnTwoServersMakeOneSignIn() throws Exception {
    io.javalin.Javalin second =
        TailGrantServer.create(
                new GrantService(
                    stack.config,
                    stack.env.getWorkflowClient(),
                    ServerTestStack.envClock(stack.env)),
                new io.tailgrant.identity.CallerResolver(
                    io.tailgrant.identity.WhoIsClient.overTcp(stack.sim.baseUrl()),
                    true,
                    false,
                    ServerTestStack.LOOPBACK_PROXY),
                ServerTestStack.envClock(stack.env))
            .start("127.0.0.1", 0);
    ApiClient onFirst = stack.as("erin-laptop");
    ApiClient onSecond =
        new ApiClient("http://127.0.0.1:" + second.port())
            .header("X-Forwarded-For", stack.ip("erin-laptop"));
    var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      List<java.util.concurrent.Future<Answer>> calls = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        ApiClient via = i % 2 == 0 ? onFirst : onSecond;
        calls.add(pool.submit(() -> via.post(LOGIN)));
      }
      Set<String> grants = new HashSet<>();
      for (var call : calls) {
        Answer a = call.get();
        assertEquals(202, a.status(), a::toString);
        grants.add(a.json().path("grant").asText());
      }
      assertEquals(
          1, grants.size(), () -> "one sign-in across servers, but logins answered " + grants);
      assertEquals(grants, openTkaGrants(onFirst), "one open k8s-tka grant");
      assertEquals(200, onSecond.post(LOGOUT).status());
    } finally {
      pool.shutdownNow();
      second.stop();
    }
  }

  @Test
  void aCallerWithoutTheCapabilityIsForbidden() {
    Answer carol = stack.as("carol-laptop").post(LOGIN);
    assertError(carol, 403, "no_capability");
    Answer dave = stack.as("dave-laptop").post(LOGIN);
    assertEquals(403, dave.status(), dave::toString);
    assertTrue(
        dave.json().path("error").isTextual() && dave.json().path("message").isTextual(),
        dave::toString);
    assertTrue(openTkaGrants(stack.as("carol-laptop")).isEmpty(), "no grant for carol");
  }

  @Test
  void twoCapabilityRulesOfEqualPriorityAreABadRequest() {
    Answer frank = stack.as("frank-laptop").post(LOGIN);

    assertError(frank, 400, "capability_conflict");
    assertTrue(openTkaGrants(stack.as("frank-laptop")).isEmpty(), "no grant for frank");
  }

  @Test
  void loginStatusIs401UntilSignedInThen200() {
    ApiClient alice = stack.as("alice-laptop");
    assertError(alice.get(LOGIN), 401, "not_signed_in");

    String id = login("alice-laptop", "alice", "view").json().path("grant").asText();
    Answer status = alice.get(LOGIN);
    assertTrue(
        status.status() == 200 || (status.status() == 202 && status.header("Retry-After") != null),
        status::toString);

    Answer active = awaitSignedIn(alice);
    assertEquals("alice", active.json().path("username").asText());
    assertEquals(id, active.json().path("grant").asText());
  }

  @Test
  void kubeconfigIs404WhenSignedOutAndJsonByDefault() {
    ApiClient bob = stack.as("bob-laptop");
    assertError(bob.get(KUBECONFIG), 404, "not_found");

    String id = login("bob-laptop", "bob", "cluster-admin").json().path("grant").asText();
    Answer k =
        eventually(() -> bob.get(KUBECONFIG), a -> a.status() != 202, "kubeconfig to be ready");

    assertEquals(200, k.status(), k::toString);
    assertTrue(
        String.valueOf(k.header("Content-Type")).startsWith("application/json"), k::toString);
    assertEquals("no-store", k.header("Cache-Control"));
    assertEquals("Config", k.json().path("kind").asText(), k::toString);
    IssuedToken issued = stack.cluster.token(token(k.json())).orElseThrow();
    assertEquals(objectName(id), issued.serviceAccount());
    assertEquals(issued.expiresAt(), Instant.parse(k.header("X-TailGrant-Token-Expires")));
  }

  @Test
  void kubeconfigIsYamlWhenAskedFor() {
    ApiClient alice = stack.as("alice-laptop");
    String id = login("alice-laptop", "alice", "view").json().path("grant").asText();
    awaitSignedIn(alice);

    for (String accept : List.of("application/yaml", "text/yaml", "application/x-yaml")) {
      Answer k = alice.header("Accept", accept).get(KUBECONFIG);

      assertEquals(200, k.status(), k::toString);
      assertTrue(
          String.valueOf(k.header("Content-Type")).startsWith("application/yaml"),
          () -> accept + ": " + k);
      assertTrue(k.json().isMissingNode(), () -> accept + ": YAML, not JSON: " + k.body());
      JsonNode config = parseYaml(k.body());
      assertEquals("Config", config.path("kind").asText(), k::body);
      assertEquals(
          objectName(id), stack.cluster.token(token(config)).orElseThrow().serviceAccount());
    }
    Answer json = alice.header("Accept", "application/json").get(KUBECONFIG);
    assertEquals(200, json.status(), json::toString);
    assertEquals("Config", json.json().path("kind").asText(), json::toString);
  }

  @Test
  void logoutEndsTheSignInAndRemovesTheServiceAccount() {
    ApiClient erin = stack.as("erin-laptop");
    Answer login = login("erin-laptop", "erin", "cluster-admin");
    String id = login.json().path("grant").asText();
    Answer active = awaitSignedIn(erin);
    assertNotNull(serviceAccount(stack, id));
    assertEquals(200, erin.get(KUBECONFIG).status());

    Answer out = erin.post(LOGOUT);

    assertEquals(200, out.status(), out::toString);
    assertEquals("erin", out.json().path("username").asText(), out::toString);
    assertEquals("cluster-admin", out.json().path("role").asText(), out::toString);
    assertEquals(id, out.json().path("grant").asText(), out::toString);
    assertEquals(
        active.json().path("until").asText(), out.json().path("until").asText(), out::toString);
    assertError(erin.get(KUBECONFIG), 404, "not_found");
    assertError(erin.get(LOGIN), 401, "not_signed_in");
    assertError(erin.post(LOGOUT), 404, "not_found");
    eventually(
        () -> serviceAccount(stack, id),
        sa -> sa == null,
        "ServiceAccount " + objectName(id) + " to go");
    assertNull(KubeAssertions.clusterRoleBinding(stack, id));
    assertEquals("revoked", GrantRequests.status(erin, id));
  }

  @Test
  void logoutWhenSignedOutIs404() {
    assertError(stack.as("alice-laptop").post(LOGOUT), 404, "not_found");
  }

  @Test
  void signInAgainAfterLogoutIsANewGrant() {
    String first = login("alice-laptop", "alice", "view").json().path("grant").asText();
    assertEquals(200, stack.as("alice-laptop").post(LOGOUT).status());

    String second = login("alice-laptop", "alice", "view").json().path("grant").asText();

    assertFalse(first.equals(second), "a new sign-in after logout");
  }

  @Test
  void taggedDevicesAndFunnelRequestsAreRefused() {
    List<ApiClient> refused =
        List.of(
            stack.as("prod-db-1"),
            stack.as("ci-runner-1"),
            stack.as("alice-laptop").header("Tailscale-Funnel-Request", "?1"));
    for (ApiClient c : refused) {
      assertError(c.post(LOGIN), 403, "forbidden");
      assertError(c.get(LOGIN), 403, "forbidden");
      assertError(c.get(KUBECONFIG), 403, "forbidden");
      assertError(c.post(LOGOUT), 403, "forbidden");
    }
    assertTrue(
        openTkaGrants(stack.as("alice-laptop")).isEmpty(), "the Funnel request signed no one in");
  }

  @Test
  void funnelCannotFetchTheKubeconfigOfASignedInUser() {
    ApiClient alice = stack.as("alice-laptop");
    login("alice-laptop", "alice", "view");
    awaitSignedIn(alice);
    int before = stack.cluster.issuedTokens().size();

    Answer viaFunnel = alice.header("Tailscale-Funnel-Request", "?1").get(KUBECONFIG);

    assertError(viaFunnel, 403, "forbidden");
    assertEquals(before, stack.cluster.issuedTokens().size(), "no token was minted");
    assertError(alice.header("Tailscale-Funnel-Request", "?1").post(LOGOUT), 403, "forbidden");
    assertEquals(200, alice.get(LOGIN).status(), "alice is still signed in");
  }
}
