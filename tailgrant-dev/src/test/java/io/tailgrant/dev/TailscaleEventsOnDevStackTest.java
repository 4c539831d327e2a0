package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The README's offboarding steps on a real dev stack in real time: the simulated tailnet's signed
 * events reach {@code /hooks/tailscale} and end the person's grants within seconds.
 */
class TailscaleEventsOnDevStackTest extends OnDevStack {
  private static final String SSH = "custom:tailgrant_ssh_prod";
  private static final Duration WITHIN = Duration.ofSeconds(10);

  private String activeSshGrant(String device) throws Exception {
    String id =
        stack
            .api(
                "POST",
                "/api/v1/grants",
                device,
                "{\"grantType\":\"ssh-prod\",\"duration\":\"10m\",\"reason\":\"work\"}")
            .get("id")
            .asText();
    DevStackClient.poll(
        WITHIN, () -> stack.simDevice(device), d -> d.path("postureAttributes").has(SSH));
    return id;
  }

  /** The grant as carol (an admin) sees it, once it shows {@code status}. */
  private JsonNode awaitGrant(String id, String status) throws Exception {
    return DevStackClient.poll(
        WITHIN,
        () -> stack.api("GET", "/api/v1/grants/" + id, "carol-laptop", null),
        g -> status.equals(g.path("status").asText()));
  }

  private static boolean revokedBy(JsonNode grant, String actor) {
    for (JsonNode e : grant.path("timeline")) {
      if (e.path("action").asText().equals("revoke requested")
          && e.path("actor").asText().equals(actor)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void userDeletedEndsAlicesGrantsWithinSeconds() throws Exception {
    String grant = activeSshGrant("alice-laptop");
    String pending =
        stack
            .api(
                "POST",
                "/api/v1/grants",
                "alice-laptop",
                "{\"grantType\":\"db-admin\",\"duration\":\"1h\",\"reason\":\"migration\"}")
            .get("id")
            .asText();
    awaitGrant(pending, "pending_approval");
    Instant sent = Instant.now();

    JsonNode answer =
        stack.sim(
            "POST", "/sim/events", "{\"type\":\"userDeleted\",\"user\":\"alice@example.com\"}");

    assertEquals(200, answer.path("delivery").path("status").asInt(), answer.toString());
    JsonNode ended = awaitGrant(grant, "revoked");
    System.out.println(
        "userDeleted to revoked: " + Duration.between(sent, Instant.now()).toMillis() + " ms");
    assertTrue(revokedBy(ended, "tailscale:userDeleted"), ended.toString());
    // Her request still waiting for approval is refused.
    JsonNode denied = awaitGrant(pending, "denied");
    assertTrue(revokedBy(denied, "tailscale:userDeleted"), denied.toString());
    // Tailscale deleted her device with her; her attribute went with it.
    String gone = stack.simDevice("alice-laptop").path("message").asText();
    assertTrue(gone.contains("not found"), gone);
  }

  @Test
  void userSuspendedTakesTheAttributeOffADeviceThatStays() throws Exception {
    String grant = activeSshGrant("bob-laptop");
    Instant sent = Instant.now();

    JsonNode answer =
        stack.sim(
            "POST", "/sim/events", "{\"type\":\"userSuspended\",\"user\":\"bob@example.com\"}");

    assertEquals(200, answer.path("delivery").path("status").asInt(), answer.toString());
    DevStackClient.poll(
        WITHIN, () -> stack.simDevice("bob-laptop"), d -> !d.path("postureAttributes").has(SSH));
    System.out.println(
        "userSuspended to attribute removed: "
            + Duration.between(sent, Instant.now()).toMillis()
            + " ms");
    assertTrue(revokedBy(awaitGrant(grant, "revoked"), "tailscale:userSuspended"));
  }

  @Test
  void theWebhookSecretIsBesideTheConfigForItsOwnerOnlyAndTheSimulatorHasIt() throws Exception {
    Path secret = state.resolve(DevConfigs.WEBHOOK_SECRET_FILE);
    assertEquals(
        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(secret));
    assertTrue(Files.readString(dev.configFile()).contains("secretFile: " + secret));
    JsonNode endpoint = stack.simJson("/sim/webhook-endpoint");
    assertEquals(
        "http://127.0.0.1:" + stack.serverPort + "/hooks/tailscale", endpoint.path("url").asText());
    assertFalse(endpoint.toString().contains(Files.readString(secret).strip()));
  }
}
