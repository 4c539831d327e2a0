package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server is ready only when it can serve: Temporal answers and its tailscaled is Running.
 * During a rollout a pod whose tailscaled has not logged in would tell every user "could not
 * identify you", so it must not get traffic.
 */
class ServerReadinessTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();
  static DevMain dev;
  static DevStackClient client;

  @BeforeAll
  static void start() throws Exception {
    int serverPort = DevStackClient.freePort();
    int simPort = DevStackClient.freePort();
    // Without the worker, the dev stack's operations listener is the server's.
    dev =
        DevMain.start(
            new DevStackOptions(
                DevStackClient.freePort(),
                simPort,
                serverPort,
                true,
                Files.createTempDirectory("tailgrant-ready"),
                null));
    client = new DevStackClient(serverPort, simPort);
  }

  @AfterAll
  static void stop() {
    if (dev != null) {
      dev.close();
    }
  }

  static JsonNode readyz() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dev.opsPort() + "/readyz"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.createObjectNode()
        .put("status", r.statusCode())
        .set("body", JSON.readTree(r.body()));
  }

  @Test
  void notReadyUntilTailscaledIsRunning() throws Exception {
    DevStackClient.poll(
        Duration.ofSeconds(20), ServerReadinessTest::readyz, r -> r.get("status").asInt() == 200);
    client.sim("POST", "/sim/localapi/state", "{\"state\":\"NeedsLogin\"}");
    try {
      JsonNode down =
          DevStackClient.poll(
              Duration.ofSeconds(20),
              ServerReadinessTest::readyz,
              r -> r.get("status").asInt() == 503);
      String why = down.get("body").get("checks").get("tailscaled").asText();
      assertTrue(why.contains("NeedsLogin"), why);
      assertEquals("ok", down.get("body").get("checks").get("temporal").asText());
    } finally {
      client.sim("POST", "/sim/localapi/state", "{\"state\":\"Running\"}");
    }
    DevStackClient.poll(
        Duration.ofSeconds(20), ServerReadinessTest::readyz, r -> r.get("status").asInt() == 200);
  }
}
