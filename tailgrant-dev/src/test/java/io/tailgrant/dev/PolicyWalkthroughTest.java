package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The README's "Justification: reasons and tickets" and "Roles from the tailnet policy" steps on a
 * real dev stack: db-migrate's rules, and grace approving only by the simulated tailnet's policy.
 */
class PolicyWalkthroughTest extends OnDevStack {
  private String refusal(String device, String body) {
    AssertionError e =
        assertThrows(AssertionError.class, () -> stack.api("POST", "/api/v1/grants", device, body));
    return e.getMessage();
  }

  @Test
  void dbMigrateAsksForALongEnoughReasonAndAChangeTicket() throws Exception {
    String shortReason =
        refusal(
            "alice-laptop",
            "{\"grantType\":\"db-migrate\",\"duration\":\"30m\",\"reason\":\"add an index\","
                + "\"ticket\":\"JIRA-1\"}");
    assertTrue(shortReason.contains("-> 400") && shortReason.contains("reason_too_short"));
    assertTrue(shortReason.contains("at least 15 characters (12 given)"), shortReason);
    String badTicket =
        refusal(
            "alice-laptop",
            "{\"grantType\":\"db-migrate\",\"duration\":\"30m\","
                + "\"reason\":\"add the orders.status index\",\"ticket\":\"JIRA-1\"}");
    assertTrue(badTicket.contains("ticket_invalid"), badTicket);
    assertTrue(badTicket.contains("A change or incident ticket, such as CHG-1234"), badTicket);
    JsonNode grant =
        stack.api(
            "POST",
            "/api/v1/grants",
            "alice-laptop",
            "{\"grantType\":\"db-migrate\",\"duration\":\"30m\","
                + "\"reason\":\"add the orders.status index\",\"ticket\":\"CHG-1234\"}");
    assertEquals("CHG-1234", grant.get("ticket").asText());
    assertEquals("pending_approval", grant.get("status").asText());
  }

  @Test
  void graceApprovesByThePolicyAndDaveCannot() throws Exception {
    JsonNode grant =
        stack.api(
            "POST",
            "/api/v1/grants",
            "alice-laptop",
            "{\"grantType\":\"db-admin\",\"duration\":\"30s\",\"reason\":\"incident 42\"}");
    String id = grant.get("id").asText();
    DevStackClient.poll(
        Duration.ofSeconds(5),
        () -> stack.api("GET", "/api/v1/grants?view=approvals", "grace-laptop", null),
        list -> list.toString().contains(id));
    AssertionError dave =
        assertThrows(
            AssertionError.class,
            () -> stack.api("POST", "/api/v1/grants/" + id + "/approve", "dave-laptop", "{}"));
    assertTrue(dave.getMessage().contains("-> 404"), dave.getMessage());

    JsonNode approved =
        stack.api(
            "POST", "/api/v1/grants/" + id + "/approve", "grace-laptop", "{\"comment\":\"ok\"}");
    assertEquals("active", approved.get("status").asText());
    JsonNode vote = approved.get("approvals").get(0);
    assertEquals("grace@example.com", vote.get("actor").asText());
    assertTrue(vote.get("byCapability").asBoolean());
  }
}
