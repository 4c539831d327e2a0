package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's staged-approval and live-grant-type steps on a real dev stack: db-schema needs an
 * SRE and a security engineer (erin, in both, counts once; grace, an approver of it only by the
 * tailnet policy, counts for no stage), and a type carol adds can be requested at once.
 */
class ApprovalPolicyWalkthroughTest extends OnDevStack {
  @Test
  void dbSchemaNeedsAnSreAndASecurityEngineerAndErinCountsOnce() throws Exception {
    JsonNode grant =
        stack.api(
            "POST",
            "/api/v1/grants",
            "alice-laptop",
            "{\"grantType\":\"db-schema\",\"duration\":\"30m\",\"reason\":\"add an index\"}");
    String id = grant.get("id").asText();
    DevStackClient.poll(
        Duration.ofSeconds(5),
        () -> stack.api("GET", "/api/v1/grants?view=approvals", "bob-laptop", null),
        list -> list.toString().contains(id));
    JsonNode gracesInbox = stack.api("GET", "/api/v1/grants?view=approvals", "grace-laptop", null);
    assertFalse(gracesInbox.toString().contains(id), gracesInbox::toString);
    AssertionError grace =
        assertThrows(
            AssertionError.class,
            () -> stack.api("POST", "/api/v1/grants/" + id + "/approve", "grace-laptop", "{}"));
    assertTrue(grace.getMessage().contains("-> 404"), grace.getMessage());
    JsonNode byErin = stack.api("POST", "/api/v1/grants/" + id + "/approve", "erin-laptop", null);
    assertEquals("pending_approval", byErin.get("status").asText(), byErin::toString);
    JsonNode byBob = stack.api("POST", "/api/v1/grants/" + id + "/approve", "bob-laptop", null);
    assertEquals("active", byBob.get("status").asText(), byBob::toString);
    assertEquals(
        "erin@example.com",
        byBob.get("approvalStages").get(1).get("approvedBy").get(0).asText(),
        "erin counts for security");
  }

  @Test
  void carolAddsAGrantTypeAndAliceRequestsItAtOnce() throws Exception {
    JsonNode created =
        stack.api(
            "POST",
            "/api/v1/grant-types",
            "carol-laptop",
            """
            name: db-hour
            description: Database admin for an hour, an SRE approves
            kind: posture
            posture: {key: "custom:tailgrant_db_admin", value: true}
            maxDuration: 1h
            risk: high
            requesters: [group:eng]
            approvers: [group:sre]
            """);
    assertEquals(1, created.get("version").asLong(), created::toString);
    List<String> names = new ArrayList<>();
    stack
        .api("GET", "/api/v1/grant-types", "alice-laptop", null)
        .forEach(t -> names.add(t.get("name").asText()));
    assertTrue(names.contains("db-hour"), names::toString);
    JsonNode grant =
        stack.api(
            "POST",
            "/api/v1/grants",
            "alice-laptop",
            "{\"grantType\":\"db-hour\",\"duration\":\"30m\",\"reason\":\"incident 43\"}");
    stack.api(
        "POST", "/api/v1/grants/" + grant.get("id").asText() + "/approve", "bob-laptop", null);
    DevStackClient.poll(
        Duration.ofSeconds(10),
        () -> stack.simDevice("alice-laptop"),
        d -> d.get("postureAttributes").has("custom:tailgrant_db_admin"));
  }
}
