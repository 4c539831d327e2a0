package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's scheduled-window steps on a real dev stack: alice schedules db-admin (a start some
 * seconds ahead here, where the README says two minutes), bob approves it for less time before the
 * start, it waits scheduled without access and activates at the start until start + bob's duration;
 * a bad start is refused and changes nothing.
 */
class ScheduledWindowWalkthroughTest extends OnDevStack {
  static final String ATTRIBUTE = "custom:tailgrant_db_admin";

  @Test
  void aliceSchedulesDbAdminBobApprovesItShorterAndItActivatesAtTheStart() throws Exception {
    JsonNode types = stack.api("GET", "/api/v1/grant-types", "alice-laptop", null);
    for (JsonNode t : types) {
      if (t.get("name").asText().equals("db-admin")) {
        assertEquals("7d", t.path("scheduling").path("maxLead").asText(), t::toString);
      }
    }
    Instant startsAt = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
    JsonNode grant =
        stack.api(
            "POST",
            "/api/v1/grants",
            "alice-laptop",
            "{\"grantType\":\"db-admin\",\"duration\":\"30m\",\"reason\":\"migration window\","
                + "\"startsAt\":\""
                + startsAt
                + "\"}");
    String id = grant.get("id").asText();
    assertEquals(startsAt.toString(), grant.get("startsAt").asText(), grant::toString);
    DevStackClient.poll(
        Duration.ofSeconds(10),
        () -> stack.api("GET", "/api/v1/grants?view=approvals", "bob-laptop", null),
        list -> list.toString().contains(id));

    JsonNode approved =
        stack.api(
            "POST",
            "/api/v1/grants/" + id + "/approve",
            "bob-laptop",
            "{\"comment\":\"one minute is enough\",\"duration\":\"1m\"}");
    assertEquals("scheduled", approved.get("status").asText(), approved::toString);
    assertTrue(Instant.now().isBefore(startsAt), "approved before the start (else: slow machine)");
    assertFalse(
        stack.simDevice("alice-laptop").path("postureAttributes").has(ATTRIBUTE),
        "no access before the start");

    JsonNode active =
        DevStackClient.poll(
            Duration.ofSeconds(90),
            () -> stack.api("GET", "/api/v1/grants/" + id, "alice-laptop", null),
            g -> g.get("status").asText().equals("active"));
    assertFalse(
        Instant.parse(active.get("activatedAt").asText()).isBefore(startsAt), active::toString);
    assertEquals(
        startsAt.plus(Duration.ofMinutes(1)).toString(),
        active.get("expiresAt").asText(),
        "start + bob's minute");
    DevStackClient.poll(
        Duration.ofSeconds(10),
        () -> stack.simDevice("alice-laptop"),
        d -> d.path("postureAttributes").has(ATTRIBUTE));
  }

  @Test
  void aStartInThePastIsRefusedAndNothingStarts() throws Exception {
    int before =
        stack.api("GET", "/api/v1/grants?limit=500", "alice-laptop", null).path("grants").size();
    AssertionError refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            AssertionError.class,
            () ->
                stack.api(
                    "POST",
                    "/api/v1/grants",
                    "alice-laptop",
                    "{\"grantType\":\"db-admin\",\"reason\":\"x\","
                        + "\"startsAt\":\"2020-01-01T00:00:00Z\"}"));
    assertTrue(refused.getMessage().contains("-> 400"), refused.getMessage());
    assertTrue(refused.getMessage().contains("\"error\":\"starts_at_past\""), refused.getMessage());
    assertEquals(
        before,
        stack.api("GET", "/api/v1/grants?limit=500", "alice-laptop", null).path("grants").size());
  }
}
