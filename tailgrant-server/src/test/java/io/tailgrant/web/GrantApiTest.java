package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.awaitStatus;
import static io.tailgrant.web.GrantRequests.body;
import static io.tailgrant.web.GrantRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.web.ApiClient.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who am I, what may I ask for, asking for it, and reading it back: the happy paths of the API. */
class GrantApiTest extends ServerStackTest {
  @Test
  void meNamesTheCallerAndTheirDevice() {
    Answer me = stack.as("alice-laptop").get("/api/v1/me");

    assertEquals(200, me.status(), me::toString);
    assertEquals("alice@example.com", me.json().path("login").asText());
    assertEquals("Alice Example", me.json().path("displayName").asText());
    assertEquals("alice-laptop", me.json().path("device").path("name").asText());
    assertEquals(
        stack.device("alice-laptop").nodeId(), me.json().path("device").path("nodeId").asText());
    assertFalse(me.json().path("admin").asBoolean(true));
    assertFalse(me.json().path("devMode").asBoolean(true));
  }

  @Test
  void meTellsAnAdminTheyAreOne() {
    Answer me = stack.as("carol-laptop").get("/api/v1/me");

    assertEquals(200, me.status(), me::toString);
    assertEquals("carol@example.com", me.json().path("login").asText());
    assertTrue(me.json().path("admin").asBoolean(false));
  }

  @Test
  void grantTypesListWhatTheCallerMayRequestWithItsApprovers() {
    Answer types = stack.as("alice-laptop").get("/api/v1/grant-types");

    assertEquals(200, types.status(), types::toString);
    assertEquals(
        List.of(
            "ssh-prod",
            "db-admin",
            "ssh-prod-emergency",
            "ci-deploy",
            "k8s-view",
            "k8s-admin",
            "k8s-tka",
            "tailnet-admin",
            "ci-join",
            "db-migrate",
            "db-schema"),
        names(types.json()));
    JsonNode dbAdmin = types.json().get(1);
    assertEquals("high", dbAdmin.path("risk").asText());
    assertEquals(
        Set.of("bob@example.com", "erin@example.com"),
        Set.copyOf(texts(dbAdmin.path("approvers"))));
    assertEquals("4h", dbAdmin.path("maxDuration").asText());
    assertTrue(types.json().get(0).path("approvers").isEmpty(), "a low-risk type has no approvers");
  }

  @Test
  void daveHasNoRightsAndSeesNoGrantTypes() {
    Answer types = stack.as("dave-laptop").get("/api/v1/grant-types");

    assertEquals(200, types.status(), types::toString);
    assertTrue(types.json().isArray() && types.json().isEmpty(), types::toString);
  }

  @Test
  void lowRiskRequestIsAcceptedAndActivatesOnTheRequestersDevice() {
    ApiClient erin = stack.as("erin-laptop");
    Answer created = erin.post("/api/v1/grants", body("ssh-prod", null, "2h", "deploy hotfix"));

    assertEquals(202, created.status(), created::toString);
    String id = created.json().path("id").asText();
    assertEquals("/api/v1/grants/" + id, created.header("Location"));
    assertTrue(
        Set.of("activating", "active").contains(created.json().path("status").asText()),
        created::toString);
    assertEquals("erin@example.com", created.json().path("requester").asText());
    assertEquals("erin-laptop", created.json().path("target").path("name").asText());
    assertEquals("PT2H", created.json().path("duration").asText());
    assertEquals("deploy hotfix", created.json().path("reason").asText());

    Answer active = awaitStatus(erin, id, "active");
    assertFalse(active.json().path("expiresAt").isNull(), active::toString);
    var attribute = stack.device("erin-laptop").attributes().get("custom:tailgrant_ssh_prod");
    assertTrue(
        attribute != null && Boolean.TRUE.equals(attribute.value()),
        "the device got the posture attribute");
  }

  @Test
  void highRiskRequestWaitsForApproval() {
    Answer created =
        stack
            .as("alice-laptop")
            .post("/api/v1/grants", body("db-admin", null, null, "migrate schema"));

    assertEquals(202, created.status(), created::toString);
    assertEquals(
        "/api/v1/grants/" + created.json().path("id").asText(), created.header("Location"));
    assertEquals("pending_approval", created.json().path("status").asText());
    assertEquals(
        Set.of("bob@example.com", "erin@example.com"),
        Set.copyOf(texts(created.json().path("approvers"))));
    assertTrue(
        stack.device("alice-laptop").attributes().get("custom:tailgrant_db_admin") == null,
        "nothing is granted before approval");
  }

  @Test
  void ciDeployMayTargetACiRunner() {
    Answer created =
        stack
            .as("alice-laptop")
            .post("/api/v1/grants", body("ci-deploy", "ci-runner-1", "1h", "release 1.2"));

    assertEquals(202, created.status(), created::toString);
    assertEquals("pending_approval", created.json().path("status").asText());
    assertEquals(
        stack.device("ci-runner-1").nodeId(),
        created.json().path("target").path("nodeId").asText());
  }

  @Test
  void requesterApproverAndAdminMaySeeAGrant() {
    String id = request(stack.as("alice-laptop"), "db-admin");

    for (String host : List.of("alice-laptop", "bob-laptop", "carol-laptop")) {
      Answer a = stack.as(host).get("/api/v1/grants/" + id);
      assertEquals(200, a.status(), () -> host + ": " + a);
      assertEquals(id, a.json().path("id").asText());
    }
  }

  @Test
  void someoneElsesGrantDoesNotExistForDave() {
    String id = request(stack.as("alice-laptop"), "db-admin");

    Answer a = stack.as("dave-laptop").get("/api/v1/grants/" + id);

    assertEquals(404, a.status(), a::toString);
    assertEquals("not_found", a.error());
    assertFalse(a.body().contains("alice"), "a 404 tells nothing about the grant");
  }

  @Test
  void unknownGrantIdsAreNotFound() {
    for (String id :
        List.of("g-aaaaaaaaaaaa", "g-zzzzzzzzzzzzzzzz", "nope", "grant%2Fg-aaaaaaaaaaaa")) {
      Answer a = stack.as("alice-laptop").get("/api/v1/grants/" + id);
      assertEquals(404, a.status(), () -> id + ": " + a);
      assertEquals("not_found", a.error(), () -> id + ": " + a);
    }
  }

  static List<String> names(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path("name").asText()));
    return out;
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
