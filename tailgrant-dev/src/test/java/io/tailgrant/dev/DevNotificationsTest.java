package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tailgrant.notify.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Notifications" steps on a real dev stack: the simulated tailnet's webhook sink
 * receives a Slack-format message for bob and erin when alice asks for db-admin, alice hears of the
 * approval, and a short grant's expiry reminder comes before its end.
 */
class DevNotificationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path state;
  private DevMain dev;
  private DevStackClient stack;
  private int serverPort;

  @BeforeEach
  void start() throws Exception {
    serverPort = DevStackClient.freePort();
    int simPort = DevStackClient.freePort();
    dev =
        DevMain.start(
            new DevStackOptions(
                DevStackClient.freePort(), simPort, serverPort, false, state, null));
    stack = new DevStackClient(serverPort, simPort);
  }

  @AfterEach
  void stop() {
    dev.close();
  }

  /** The sink's recordings on {@code channel} for events {@code grantId/event/...}. */
  private List<JsonNode> sink(String channel, String grantId, String event) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode r : stack.simJson("/sim/webhooks?channel=" + channel)) {
      if (r.at("/headers/tailgrant-event-id").asText().startsWith(grantId + "/" + event + "/")) {
        out.add(r);
      }
    }
    return out;
  }

  private JsonNode awaitOne(String channel, String grantId, String event) throws Exception {
    JsonNode found =
        DevStackClient.poll(
            Duration.ofSeconds(15),
            () -> JSON.valueToTree(sink(channel, grantId, event)),
            list -> list.size() == 1);
    return found.get(0);
  }

  private static JsonNode body(JsonNode recording) throws Exception {
    return JSON.readTree(recording.get("body").asText());
  }

  @Test
  void aDbAdminRequestReachesTheSinkInSlackFormatAndAliceHearsOfEachStep() throws Exception {
    JsonNode grant =
        stack.api(
            "POST",
            "/api/v1/grants",
            "alice-laptop",
            "{\"grantType\":\"db-admin\",\"duration\":\"25s\",\"reason\":\"incident 42\"}");
    String id = grant.get("id").asText();

    JsonNode waiting = body(awaitOne("slack", id, "requestWaiting"));
    assertEquals("section", waiting.at("/blocks/0/type").asText());
    assertTrue(
        waiting
            .at("/blocks/0/text/text")
            .asText()
            .contains("alice@example.com asks for db-admin on alice-laptop for 25s: incident 42"),
        waiting.toString());
    assertEquals(
        "For bob@example.com, erin@example.com", waiting.at("/blocks/1/elements/0/text").asText());
    assertEquals(
        "http://127.0.0.1:" + serverPort + "/grants/" + id,
        waiting.at("/blocks/2/elements/0/url").asText());

    // The generic webhook is signed with the secret beside the dev config.
    JsonNode hook = awaitOne("webhook", id, "requestWaiting");
    WebhookSignature.verify(
        hook.at("/headers/tailgrant-signature").asText(),
        hook.get("body").asText().getBytes(StandardCharsets.UTF_8),
        Files.readString(state.resolve("webhook-signing-secret")).strip(),
        Instant.now());

    stack.api("POST", "/api/v1/grants/" + id + "/approve", "bob-laptop", "{\"comment\":\"ok\"}");
    JsonNode approved = body(awaitOne("slack", id, "approved"));
    assertEquals("For alice@example.com", approved.at("/blocks/1/elements/0/text").asText());
    assertTrue(approved.at("/blocks/0/text/text").asText().contains("bob@example.com approved"));

    // 25s grant, reminder 20s before its end: about 5s after activation, before the end.
    JsonNode reminder = awaitOne("slack", id, "expiryReminder");
    JsonNode active = stack.api("GET", "/api/v1/grants/" + id, "alice-laptop", null);
    assertTrue(
        Instant.parse(reminder.get("at").asText())
            .isBefore(Instant.parse(active.get("expiresAt").asText())));
    assertEquals(
        "http://127.0.0.1:" + serverPort + "/grants/" + id + "#extend",
        body(reminder).at("/blocks/2/elements/0/url").asText());

    // The grant's page says who was told, and /metrics counts it.
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + serverPort + "/grants/" + id))
                    .header("X-TailGrant-Dev-Device", "alice-laptop")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertTrue(page.body().contains("via slack to bob@example.com, erin@example.com"), page.body());
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dev.opsPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertTrue(
        metrics.contains(
            "tailgrant_notifications_total{application=\"tailgrant\",channel=\"slack\",outcome=\"delivered\"}"),
        metrics);
  }
}
