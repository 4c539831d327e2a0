package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.awaitStatus;
import static io.tailgrant.web.GrantRequests.body;
import static io.tailgrant.web.GrantRequests.request;
import static io.tailgrant.web.KubeAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.web.ApiClient.Answer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes grant types through the ordinary grant API: who sees them, their one target (the
 * cluster), the capability type's limits, and the ClusterRole a grant shows.
 */
class KubernetesGrantTypesTest extends ServerStackTest {
  static List<String> typeNames(String host) {
    Answer types = stack.as(host).get("/api/v1/grant-types");
    assertEquals(200, types.status(), types::toString);
    return GrantApiTest.names(types.json());
  }

  static JsonNode type(String host, String name) {
    for (JsonNode t : stack.as(host).get("/api/v1/grant-types").json()) {
      if (t.path("name").asText().equals(name)) {
        return t;
      }
    }
    throw new AssertionError(host + " does not see grant type " + name);
  }

  @Test
  void capabilityTypeIsShownOnlyToCallersWithTheCapability() {
    assertTrue(typeNames("alice-laptop").contains("k8s-tka"), "alice has example.com/cap/tka");
    assertTrue(
        typeNames("bob-laptop").contains("k8s-tka"),
        "bob has example.com/cap/tka through group:sre");
    assertFalse(
        typeNames("carol-laptop").contains("k8s-tka"), "carol is an admin but has no capability");
    assertFalse(typeNames("dave-laptop").contains("k8s-tka"), "dave has no capability");
  }

  @Test
  void kubernetesTypesDescribeTheirClusterTarget() {
    JsonNode view = type("alice-laptop", "k8s-view");

    assertEquals("kubernetes", view.path("kind").asText(), view::toString);
    assertEquals("low", view.path("risk").asText(), view::toString);
    assertEquals("cluster", view.path("target").path("rule").asText(), view::toString);
    assertEquals(
        List.of("dev"), GrantApiTest.texts(view.path("target").path("clusters")), view::toString);
    JsonNode admin = type("alice-laptop", "k8s-admin");
    assertEquals("high", admin.path("risk").asText(), admin::toString);
    assertEquals(
        List.of("bob@example.com", "erin@example.com"),
        GrantApiTest.texts(admin.path("approvers")).stream().sorted().toList(),
        admin::toString);
    assertFalse(
        type("alice-laptop", "k8s-tka").path("reasonRequired").asBoolean(true),
        "TKA sign-ins need no reason");
  }

  @Test
  void theTargetOfAKubernetesTypeIsItsCluster() {
    for (String grantType : List.of("k8s-view", "k8s-admin", "k8s-tka")) {
      Answer targets = stack.as("alice-laptop").get("/api/v1/targets?grantType=" + grantType);

      assertEquals(200, targets.status(), targets::toString);
      assertEquals(1, targets.json().size(), () -> grantType + ": " + targets);
      assertEquals(
          "cluster/dev", targets.json().path(0).path("nodeId").asText(), targets::toString);
      assertEquals("dev", targets.json().path(0).path("name").asText(), targets::toString);
    }
  }

  @Test
  void targetsOfATypeTheCallerMayNotRequestAreForbidden() {
    Answer dave = stack.as("dave-laptop").get("/api/v1/targets?grantType=k8s-view");

    assertError(dave, 403, "forbidden");
  }

  @Test
  void onlyTheTypesClusterIsAnEligibleTarget() {
    ApiClient alice = stack.as("alice-laptop");
    for (String target : List.of("nope", "cluster/nope", "alice-laptop", "prod-db-1")) {
      Answer a = alice.post("/api/v1/grants", body("k8s-view", target, "1h", "look around"));
      assertError(a, 400, "target_not_eligible");
    }
  }

  @Test
  void theClusterMayBeNamedOrLeftOut() {
    ApiClient alice = stack.as("alice-laptop");
    for (String target : new String[] {"dev", "cluster/dev", null}) {
      Answer a = alice.post("/api/v1/grants", body("k8s-view", target, "1h", "look around"));
      assertEquals(202, a.status(), () -> target + ": " + a);
      assertEquals("cluster/dev", a.json().path("target").path("nodeId").asText(), a::toString);
      assertEquals("dev", a.json().path("target").path("name").asText(), a::toString);
      assertEquals(
          200,
          alice
              .post("/api/v1/grants/" + a.json().path("id").asText() + "/revoke", Map.of())
              .status());
    }
  }

  @Test
  void capabilityTypeIsBoundedByTheCallersPeriod() {
    ApiClient alice = stack.as("alice-laptop");

    Answer tooLong = alice.post("/api/v1/grants", body("k8s-tka", null, "2h", null));
    assertError(tooLong, 400, "duration_out_of_range");
    assertTrue(tooLong.json().path("message").asText().contains("1h"), tooLong::toString);

    Answer fits = alice.post("/api/v1/grants", body("k8s-tka", null, "1h", null));
    assertEquals(202, fits.status(), fits::toString);
    assertEquals("PT1H", fits.json().path("duration").asText());
    assertEquals(
        200,
        alice
            .post("/api/v1/grants/" + fits.json().path("id").asText() + "/revoke", Map.of())
            .status());

    Answer bobs = stack.as("bob-laptop").post("/api/v1/grants", body("k8s-tka", null, "2h", null));
    assertEquals(202, bobs.status(), "bob's capability allows 2h: " + bobs);
    assertEquals(
        200,
        stack
            .as("bob-laptop")
            .post("/api/v1/grants/" + bobs.json().path("id").asText() + "/revoke", Map.of())
            .status());
    assertError(
        stack.as("bob-laptop").post("/api/v1/grants", body("k8s-tka", null, "3h", null)),
        400,
        "duration_out_of_range");
  }

  @Test
  void capabilityTypeWithoutADurationGetsNoMoreThanThePeriod() {
    ApiClient alice = stack.as("alice-laptop");

    Answer a = alice.post("/api/v1/grants", body("k8s-tka", null, null, null));

    assertEquals(202, a.status(), a::toString);
    assertEquals("PT1H", a.json().path("duration").asText(), a::toString);
    assertEquals(
        200,
        alice
            .post("/api/v1/grants/" + a.json().path("id").asText() + "/revoke", Map.of())
            .status());
  }

  @Test
  void capabilityTypeRefusesCallersWithoutAUsableCapability() {
    assertError(
        stack.as("carol-laptop").post("/api/v1/grants", body("k8s-tka", null, "1h", null)),
        403,
        "no_capability");
    assertError(
        stack.as("frank-laptop").post("/api/v1/grants", body("k8s-tka", null, "1h", null)),
        400,
        "capability_conflict");
  }

  @Test
  void theGrantShowsItsClusterRole() {
    ApiClient alice = stack.as("alice-laptop");
    String view = request(alice, "k8s-view", null, "1h", "read configmaps");
    String admin = request(alice, "k8s-admin", null, "30m", "patch a webhook");
    Answer tka = alice.post("/api/v1/grants", body("k8s-tka", null, "30m", null));
    assertEquals(202, tka.status(), tka::toString);
    Answer bobTka =
        stack.as("bob-laptop").post("/api/v1/grants", body("k8s-tka", null, "30m", null));
    assertEquals(202, bobTka.status(), bobTka::toString);

    Answer activeView = awaitStatus(alice, view, "active");
    assertEquals("kubernetes", activeView.json().path("kind").asText());
    assertEquals(
        "view",
        activeView.json().path("kubernetes").path("clusterRole").asText(),
        activeView::toString);
    assertTrue(
        activeView.json().path("kubernetes").path("namespace").isNull(),
        "cluster-wide: " + activeView);
    assertEquals(
        "cluster-admin",
        alice
            .get("/api/v1/grants/" + admin)
            .json()
            .path("kubernetes")
            .path("clusterRole")
            .asText());
    assertEquals(
        "cluster-admin",
        stack
            .as("bob-laptop")
            .get("/api/v1/grants/" + admin)
            .json()
            .path("kubernetes")
            .path("clusterRole")
            .asText(),
        "the approver sees what they would approve");
    assertEquals("view", tka.json().path("kubernetes").path("clusterRole").asText(), tka::toString);
    assertEquals(
        "cluster-admin",
        bobTka.json().path("kubernetes").path("clusterRole").asText(),
        bobTka::toString);
    String bobId = bobTka.json().path("id").asText();
    awaitStatus(stack.as("bob-laptop"), bobId, "active");
    assertEquals(
        "cluster-admin",
        KubeAssertions.clusterRoleBinding(stack, bobId).getRoleRef().getName(),
        "the binding uses the role of bob's capability");
    for (String id : List.of(view, admin, tka.json().path("id").asText())) {
      assertEquals(200, alice.post("/api/v1/grants/" + id + "/revoke", Map.of()).status());
    }
    assertEquals(
        200, stack.as("bob-laptop").post("/api/v1/grants/" + bobId + "/revoke", Map.of()).status());
  }

  @Test
  void postureGrantsShowNoKubernetesRole() {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "ssh-prod", null, "1h", "tail a log");

    JsonNode grant = alice.get("/api/v1/grants/" + id).json();

    assertTrue(
        grant.path("kubernetes").isNull() || grant.path("kubernetes").isMissingNode(),
        grant::toString);
    assertEquals(200, alice.post("/api/v1/grants/" + id + "/revoke", Map.of()).status());
  }
}
