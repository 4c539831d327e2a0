package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.awaitStatus;
import static io.tailgrant.web.GrantRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tailgrant.web.ApiClient.Answer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Grants end on their own as (skipped) time passes; the API then shows them ended and refuses
 * changes.
 */
class GrantEndsInTimeTest extends ServerStackTest {
  @Test
  void activeGrantExpiresAndCanNoLongerBeChanged() {
    ApiClient erin = stack.as("erin-laptop");
    String id = request(erin, "ssh-prod", null, "30m", "short task");
    awaitStatus(erin, id, "active");
    assertNotNull(stack.device("erin-laptop").attributes().get("custom:tailgrant_ssh_prod"));

    stack.env.sleep(Duration.ofMinutes(31));

    Answer expired = awaitStatus(erin, id, "expired");
    assertNotNull(expired.json().path("endedAt").textValue(), expired::toString);
    assertNull(stack.device("erin-laptop").attributes().get("custom:tailgrant_ssh_prod"));
    Answer extend = erin.post("/api/v1/grants/" + id + "/extend", Map.of("duration", "10m"));
    assertEquals(409, extend.status(), extend::toString);
    Answer revoke = erin.post("/api/v1/grants/" + id + "/revoke", Map.of());
    assertEquals(409, revoke.status(), revoke::toString);
    ServerTestStack.eventually(
        () -> ListViewsTest.find(erin.get("/api/v1/grants?view=mine&limit=500"), id),
        g -> g != null && "expired".equals(g.path("status").asText()),
        id + " listed as expired");
  }

  @Test
  void unansweredApprovalTimesOut() {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "db-admin");

    stack.env.sleep(Duration.ofMinutes(61));

    awaitStatus(alice, id, "denied");
    Answer late = stack.as("bob-laptop").post("/api/v1/grants/" + id + "/approve", Map.of());
    assertEquals(409, late.status(), late::toString);
  }
}
