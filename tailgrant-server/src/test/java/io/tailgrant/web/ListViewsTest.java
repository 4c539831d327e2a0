package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.request;
import static io.tailgrant.web.ServerTestStack.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.web.ApiClient.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The lists (mine, approvals, active, all) and the target picker. The directory learns of grants
 * asynchronously, so list contents are polled for with a deadline.
 */
class ListViewsTest extends ServerStackTest {
  static List<String> ids(Answer a) {
    assertEquals(200, a.status(), a::toString);
    List<String> out = new ArrayList<>();
    a.json().path("grants").forEach(g -> out.add(g.path("id").asText()));
    return out;
  }

  static List<String> list(String host, String view) {
    return ids(
        stack.as(host).get("/api/v1/grants?limit=500" + (view == null ? "" : "&view=" + view)));
  }

  static void awaitListed(String host, String view, String id) {
    eventually(
        () -> list(host, view), l -> l.contains(id), id + " in " + host + "'s " + view + " list");
  }

  @Test
  void pendingGrantWaitsInTheApproversListsAndNotTheRequesters() {
    String id = request(stack.as("alice-laptop"), "db-admin");

    awaitListed("bob-laptop", "approvals", id);
    awaitListed("erin-laptop", "approvals", id);
    awaitListed("alice-laptop", "mine", id);
    assertFalse(
        list("alice-laptop", "approvals").contains(id),
        "a requester never approves their own grant");
    assertFalse(list("dave-laptop", "approvals").contains(id));
    assertFalse(list("bob-laptop", "mine").contains(id));
    assertTrue(list("alice-laptop", null).contains(id), "mine is the default view");
  }

  @Test
  void approvedGrantLeavesTheApprovalsList() {
    String id = request(stack.as("alice-laptop"), "db-admin");
    awaitListed("bob-laptop", "approvals", id);

    assertEquals(
        200, stack.as("erin-laptop").post("/api/v1/grants/" + id + "/approve", Map.of()).status());

    eventually(
        () -> list("bob-laptop", "approvals"),
        l -> !l.contains(id),
        id + " to leave bob's approvals");
    JsonNode summary =
        eventually(
            () -> find(stack.as("alice-laptop").get("/api/v1/grants?view=mine&limit=500"), id),
            g -> g != null && "active".equals(g.path("status").asText()),
            id + " listed as active");
    assertEquals("db-admin", summary.path("grantType").asText());
    assertEquals("alice-laptop", summary.path("targetName").asText());
  }

  @Test
  void everyonesGrantsAreForAdminsOnly() {
    String id = request(stack.as("erin-laptop"), "ssh-prod");

    Answer byAlice = stack.as("alice-laptop").get("/api/v1/grants?view=all");
    assertEquals(403, byAlice.status(), byAlice::toString);
    assertEquals("forbidden", byAlice.error());
    assertEquals(403, stack.as("alice-laptop").get("/api/v1/grants?view=active").status());
    eventually(() -> list("carol-laptop", "all"), l -> l.contains(id), id + " in carol's all list");
    eventually(
        () -> list("carol-laptop", "active"), l -> l.contains(id), id + " in carol's active list");
  }

  @Test
  void unknownViewIsABadRequest() {
    Answer a = stack.as("alice-laptop").get("/api/v1/grants?view=everything");

    assertEquals(400, a.status(), a::toString);
    assertEquals("bad_view", a.error());
  }

  @Test
  void ciDeployTargetsAreTheCiRunnersOnly() {
    Answer a = stack.as("alice-laptop").get("/api/v1/targets?grantType=ci-deploy");

    assertEquals(200, a.status(), a::toString);
    List<String> names = GrantApiTest.names(a.json());
    assertTrue(names.contains("ci-runner-1"), a::toString);
    for (String never :
        List.of("prod-db-1", "tailgrant", "alice-laptop", "bob-laptop", "dave-laptop")) {
      assertFalse(names.contains(never), () -> never + " must not be offered: " + a);
    }
    assertEquals(
        stack.device("ci-runner-1").nodeId(),
        a.json().get(names.indexOf("ci-runner-1")).path("nodeId").asText());
  }

  @Test
  void ownDeviceTargetIsTheCallersDevice() {
    Answer a = stack.as("bob-laptop").get("/api/v1/targets?grantType=ssh-prod");

    assertEquals(200, a.status(), a::toString);
    assertEquals(List.of("bob-laptop"), GrantApiTest.names(a.json()));
  }

  @Test
  void targetsNeedAGrantTypeTheCallerMayRequest() {
    Answer missing = stack.as("alice-laptop").get("/api/v1/targets");
    assertEquals(400, missing.status(), missing::toString);
    assertEquals("missing_field", missing.error());
    Answer unknown = stack.as("alice-laptop").get("/api/v1/targets?grantType=nope");
    assertEquals(400, unknown.status(), unknown::toString);
    assertEquals("unknown_grant_type", unknown.error());
    Answer byDave = stack.as("dave-laptop").get("/api/v1/targets?grantType=ci-deploy");
    assertEquals(403, byDave.status(), byDave::toString);
  }

  static JsonNode find(Answer list, String id) {
    for (JsonNode g : list.json().path("grants")) {
      if (id.equals(g.path("id").asText())) {
        return g;
      }
    }
    return null;
  }
}
