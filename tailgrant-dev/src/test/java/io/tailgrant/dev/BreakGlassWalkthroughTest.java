package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The README's break-glass steps on a real dev stack: dave breaks glass into ssh-prod-emergency and
 * is active at once, erin finds it flagged in her inbox and confirms it; a second one, on a type
 * carol adds live with a 20-second window, is left unreviewed and revoked at the window's end, with
 * the admins alerted and the audit trail saying so.
 */
class BreakGlassWalkthroughTest extends OnDevStack {
  @Test
  void daveBreaksGlassErinConfirmsAndAnUnreviewedOneIsRevokedAtItsWindowsEnd() throws Exception {
    JsonNode grant =
        stack.api(
            "POST",
            "/api/v1/grants",
            "dave-laptop",
            "{\"grantType\":\"ssh-prod-emergency\",\"duration\":\"1h\","
                + "\"reason\":\"prod is down, INC-42\",\"breakGlass\":true}");
    String id = grant.get("id").asText();
    assertTrue(grant.get("breakGlass").asBoolean(), grant::toString);
    JsonNode active =
        DevStackClient.poll(
            Duration.ofSeconds(10),
            () -> stack.api("GET", "/api/v1/grants/" + id, "dave-laptop", null),
            g -> g.get("status").asText().equals("active"));
    assertTrue(active.get("approvals").isEmpty(), "no approval asked");
    assertTrue(active.hasNonNull("reviewBy"), active::toString);
    DevStackClient.poll(
        Duration.ofSeconds(10),
        () -> stack.simDevice("dave-laptop"),
        d -> d.get("postureAttributes").has("custom:tailgrant_ssh_prod"));

    JsonNode inbox =
        DevStackClient.poll(
            Duration.ofSeconds(10),
            () -> stack.api("GET", "/api/v1/grants?view=approvals", "erin-laptop", null),
            list -> list.toString().contains(id));
    boolean flagged = false;
    for (JsonNode g : inbox.get("grants")) {
      flagged |= g.get("id").asText().equals(id) && g.get("breakGlass").asBoolean();
    }
    assertTrue(flagged, inbox::toString);
    JsonNode confirmed =
        stack.api(
            "POST",
            "/api/v1/grants/" + id + "/review",
            "erin-laptop",
            "{\"decision\":\"confirm\",\"comment\":\"saw INC-42\"}");
    assertEquals("confirm", confirmed.get("review").get("decision").asText(), confirmed::toString);
    assertEquals("active", confirmed.get("status").asText());

    stack.api(
        "POST",
        "/api/v1/grant-types",
        "carol-laptop",
        """
        name: ssh-drill
        description: Break-glass drill, reviewed within 20 seconds
        kind: posture
        posture: {key: "custom:tailgrant_ssh_prod", value: true}
        minDuration: 20s
        maxDuration: 1h
        risk: high
        requesters: [dave@example.com]
        approvers: [group:sre]
        breakGlass: {requesters: [dave@example.com], reviewWithin: 20s}
        """);
    JsonNode drill =
        stack.api(
            "POST",
            "/api/v1/grants",
            "dave-laptop",
            "{\"grantType\":\"ssh-drill\",\"duration\":\"30m\",\"reason\":\"drill\","
                + "\"breakGlass\":true}");
    String drillId = drill.get("id").asText();
    JsonNode revoked =
        DevStackClient.poll(
            Duration.ofSeconds(90),
            () -> stack.api("GET", "/api/v1/grants/" + drillId, "dave-laptop", null),
            g -> g.get("status").asText().equals("revoked"));
    assertEquals("unreviewed", revoked.get("review").get("decision").asText(), revoked::toString);
    DevStackClient.poll(
        Duration.ofSeconds(10),
        () -> stack.simJson("/sim/webhooks?channel=slack"),
        sent -> sent.toString().contains(drillId + "/breakGlassUnreviewed/"));
    Path audit = state.resolve("audit.jsonl");
    DevStackClient.poll(
        Duration.ofSeconds(10),
        () ->
            com.fasterxml.jackson.databind.node.TextNode.valueOf(
                Files.exists(audit) ? Files.readString(audit) : ""),
        text -> text.asText().contains("review overdue"));
    assertEquals(
        "active",
        stack.api("GET", "/api/v1/grants/" + id, "dave-laptop", null).get("status").asText(),
        "the confirmed one runs on");
  }
}
