package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.web.ApiClient.Answer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Approving and denying over HTTP: who may decide, what a decision leads to, and deciding twice.
 */
class GrantDecisionsTest extends ServerStackTest {
  @Test
  void approverApprovesAndTheGrantBecomesActive() {
    String id = request(stack.as("alice-laptop"), "db-admin");

    Answer approved =
        stack.as("bob-laptop").post("/api/v1/grants/" + id + "/approve", Map.of("comment", "ok"));

    assertEquals(200, approved.status(), approved::toString);
    assertEquals("active", approved.json().path("status").asText(), approved::toString);
    assertEquals(
        "bob@example.com", approved.json().path("approvals").path(0).path("actor").asText());
    assertEquals("approve", approved.json().path("approvals").path(0).path("decision").asText());
    var attribute = stack.device("alice-laptop").attributes().get("custom:tailgrant_db_admin");
    assertTrue(
        attribute != null && Boolean.TRUE.equals(attribute.value()),
        "alice-laptop got the attribute");
  }

  @Test
  void approvingWithoutABodyIsFine() {
    String id = request(stack.as("alice-laptop"), "ci-deploy", "ci-runner-1", "30m", "ship it");

    Answer approved = stack.as("erin-laptop").post("/api/v1/grants/" + id + "/approve");

    assertEquals(200, approved.status(), approved::toString);
    assertEquals("active", approved.json().path("status").asText(), approved::toString);
    assertTrue(
        stack.device("ci-runner-1").tags().contains("tag:deploy"),
        "ci-runner-1 was tagged tag:deploy");
  }

  @Test
  void approvingAnActiveGrantConflicts() {
    String id = request(stack.as("alice-laptop"), "db-admin");
    assertEquals(
        200, stack.as("bob-laptop").post("/api/v1/grants/" + id + "/approve", Map.of()).status());

    Answer again = stack.as("erin-laptop").post("/api/v1/grants/" + id + "/approve", Map.of());

    assertEquals(409, again.status(), again::toString);
    assertEquals("wrong_state", again.error());
  }

  @Test
  void nobodyApprovesTheirOwnGrant() {
    String id = request(stack.as("bob-laptop"), "db-admin");

    Answer self = stack.as("bob-laptop").post("/api/v1/grants/" + id + "/approve", Map.of());

    assertEquals(403, self.status(), self::toString);
    assertEquals("forbidden", self.error());
    assertEquals("pending_approval", GrantRequests.status(stack.as("bob-laptop"), id));
  }

  @Test
  void anAdminWhoIsNoApproverMayNotApprove() {
    String id = request(stack.as("alice-laptop"), "db-admin");

    Answer byAdmin = stack.as("carol-laptop").post("/api/v1/grants/" + id + "/approve", Map.of());

    assertEquals(403, byAdmin.status(), byAdmin::toString);
    assertEquals("pending_approval", GrantRequests.status(stack.as("alice-laptop"), id));
  }

  @Test
  void someoneWhoCannotSeeTheGrantGetsNotFoundWhenApproving() {
    String id = request(stack.as("alice-laptop"), "db-admin");

    Answer byDave = stack.as("dave-laptop").post("/api/v1/grants/" + id + "/approve", Map.of());

    assertEquals(404, byDave.status(), byDave::toString);
    assertEquals("pending_approval", GrantRequests.status(stack.as("alice-laptop"), id));
  }

  @Test
  void denyingEndsTheGrantAndDenyingAgainConflicts() {
    String id = request(stack.as("alice-laptop"), "db-admin");

    Answer denied =
        stack
            .as("bob-laptop")
            .post("/api/v1/grants/" + id + "/deny", Map.of("comment", "not today"));
    assertEquals(200, denied.status(), denied::toString);
    assertEquals("denied", denied.json().path("status").asText(), denied::toString);

    Answer again =
        stack
            .as("bob-laptop")
            .post("/api/v1/grants/" + id + "/deny", Map.of("comment", "still no"));
    assertEquals(409, again.status(), again::toString);
    assertEquals("wrong_state", again.error());
    Answer byOther = stack.as("erin-laptop").post("/api/v1/grants/" + id + "/deny", Map.of());
    assertEquals(409, byOther.status(), byOther::toString);
    Answer approveAfter =
        stack.as("erin-laptop").post("/api/v1/grants/" + id + "/approve", Map.of());
    assertEquals(409, approveAfter.status(), approveAfter::toString);
    assertEquals("denied", GrantRequests.status(stack.as("alice-laptop"), id));
  }
}
