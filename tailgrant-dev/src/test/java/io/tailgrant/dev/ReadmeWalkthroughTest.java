package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The README's "Try it" steps, on a real dev stack in real time, exactly as a newcomer runs them.
 */
class ReadmeWalkthroughTest extends OnDevStack {
  private static final String SSH = "custom:tailgrant_ssh_prod";
  private static final String DB = "custom:tailgrant_db_admin";

  @Test
  void lowRiskGrantIsOnTheDeviceWithinTwoSecondsWithTheGrantsEndAsExpiry() throws Exception {
    Instant asked = Instant.now();
    JsonNode grant =
        stack.api(
            "POST",
            "/api/v1/grants",
            "alice-laptop",
            "{\"grantType\":\"ssh-prod\",\"duration\":\"30s\",\"reason\":\"deploy hotfix\"}");
    JsonNode device =
        DevStackClient.poll(
            Duration.ofSeconds(2),
            () -> stack.simDevice("alice-laptop"),
            d -> d.get("postureAttributes").has(SSH));
    System.out.println(
        "low-risk grant applied "
            + Duration.between(asked, Instant.now()).toMillis()
            + " ms after the request");
    JsonNode active =
        stack.api("GET", "/api/v1/grants/" + grant.get("id").asText(), "alice-laptop", null);
    assertEquals(
        Instant.parse(active.get("expiresAt").asText()),
        Instant.parse(device.get("postureAttributes").get(SSH).get("expiry").asText()));
  }

  @Test
  void highRiskGrantWaitsForBobThenExpires() throws Exception {
    JsonNode grant =
        stack.api(
            "POST",
            "/api/v1/grants",
            "alice-laptop",
            "{\"grantType\":\"db-admin\",\"duration\":\"20s\",\"reason\":\"incident 42\"}");
    String id = grant.get("id").asText();
    assertEquals("pending_approval", grant.get("status").asText());
    JsonNode inbox =
        DevStackClient.poll(
            Duration.ofSeconds(5),
            () -> stack.api("GET", "/api/v1/grants?view=approvals", "bob-laptop", null),
            page -> page.path("grants").toString().contains(id));
    assertTrue(inbox.path("grants").isArray());

    JsonNode approved =
        stack.api(
            "POST", "/api/v1/grants/" + id + "/approve", "bob-laptop", "{\"comment\":\"ok\"}");
    assertEquals("active", approved.get("status").asText());
    assertTrue(stack.simDevice("alice-laptop").get("postureAttributes").has(DB));

    JsonNode ended =
        DevStackClient.poll(
            Duration.ofSeconds(40),
            () -> stack.api("GET", "/api/v1/grants/" + id, "alice-laptop", null),
            g -> g.get("status").asText().equals("expired"));
    assertFalse(stack.simDevice("alice-laptop").get("postureAttributes").has(DB));
    assertEquals("bob@example.com", ended.get("approvals").get(0).get("actor").asText());
  }
}
