package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Multi-process, real time: a user-role grant and an auth-key grant each live through SIGKILLs of
 * their worker at the points of the crash drill that apply to them (before approval, with the
 * activation call at the API but unanswered, while active, with the removal call at the API but
 * unanswered). The role (and the key's validity) may outlast the grant's end by at most the time
 * the worker was down past that end plus 2 s, the bound tags grants are held to.
 */
class TailnetKindsCrashTest extends CrashDrillTest {
  private static final String ROLE_ROUTE = "POST /api/v2/users/{userId}/role";
  private static final String KEY_CREATE_ROUTE = "POST /api/v2/tailnet/{tailnet}/keys";
  private static final String KEY_DELETE_ROUTE = "DELETE /api/v2/tailnet/{tailnet}/keys/{keyId}";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aUserRoleGrantSurvivesAKillAtEveryPointAndTheRoleEndsOnTime() throws Exception {
    startStack();
    List<String> kills = new ArrayList<>();
    JsonNode asked =
        stack.api(
            "POST",
            "/api/v1/grants",
            "alice-laptop",
            "{\"grantType\":\"tailnet-admin\",\"duration\":\"25s\",\"reason\":\"crash drill\"}");
    String id = asked.get("id").asText();
    kills.add("before approval: " + killAndRestart());

    slowApi();
    long roleWrites = stack.calls(ROLE_ROUTE);
    stack.api("POST", "/api/v1/grants/" + id + "/approve", "bob-laptop", "{\"comment\":\"go\"}");
    awaitCall(ROLE_ROUTE, roleWrites);
    kills.add("activation call at the API: " + killAndRestart());
    healthyApi();
    Instant expiresAt = Instant.parse(await(id, "active").get("expiresAt").asText());
    assertEquals("admin", role("alice@example.com"));

    long writesBeforeRemoval = stack.calls(ROLE_ROUTE);
    kills.add("while active: " + killAndRestart());
    untilJustBefore(expiresAt);
    slowApi();
    awaitCall(ROLE_ROUTE, writesBeforeRemoval);
    Instant killedInRemoval = Instant.now();
    kills.add("removal call at the API: " + killAndRestart());
    healthyApi();

    await(id, "expired");
    DevStackClient.poll(
        Duration.ofSeconds(30),
        () -> stack.simJson("/sim/users"),
        u -> u.toString().contains("\"login\":\"alice@example.com\",") && roleIsMember(u));
    assertOverrunWithinBound(lastInterval("role", "admin"), expiresAt, killedInRemoval, kills);
  }

  @Test
  void anAuthKeyGrantSurvivesAKillAtEveryPointAndKeyAndDeviceGo() throws Exception {
    startStack();
    List<String> kills = new ArrayList<>();
    JsonNode asked =
        stack.api(
            "POST",
            "/api/v1/grants",
            "alice-laptop",
            "{\"grantType\":\"ci-join\",\"duration\":\"45s\"}");
    String id = asked.get("id").asText();
    Instant expiresAt = Instant.parse(await(id, "active").get("expiresAt").asText());
    kills.add("before the key is asked for: " + killAndRestart());

    // The key's creation held open at the API, the worker killed under it: the server's request
    // fails, and asking again either gets the key or a 410 (it was minted and counts as shown).
    slowApi();
    long creates = stack.calls(KEY_CREATE_ROUTE);
    CompletableFuture<HttpResponse<String>> first =
        HttpClient.newHttpClient()
            .sendAsync(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + serverPort
                                + "/api/v1/grants/"
                                + id
                                + "/auth-key"))
                    .header("X-TailGrant-Dev-Device", "alice-laptop")
                    .timeout(Duration.ofSeconds(60))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    awaitCall(KEY_CREATE_ROUTE, creates);
    kills.add("key creation at the API: " + killAndRestart());
    healthyApi();
    HttpResponse<String> answer = first.get();
    String key = null;
    if (answer.statusCode() == 200) {
      key = JSON.readTree(answer.body()).get("key").asText();
    } else {
      HttpResponse<String> again = getKey(id);
      assertTrue(again.statusCode() == 200 || again.statusCode() == 410, again::body);
      if (again.statusCode() == 200) {
        key = JSON.readTree(again.body()).get("key").asText();
      }
    }
    if (key != null) {
      HttpResponse<String> joined = join(key, "ci-crash-1");
      assertEquals(200, joined.statusCode(), joined::body);
    }

    long deletesBeforeRemoval = stack.calls(KEY_DELETE_ROUTE);
    kills.add("while active: " + killAndRestart());
    untilJustBefore(expiresAt);
    slowApi();
    awaitCall(KEY_DELETE_ROUTE, deletesBeforeRemoval);
    Instant killedInRemoval = Instant.now();
    kills.add("removal call at the API: " + killAndRestart());
    healthyApi();

    JsonNode ended = await(id, "expired");
    assertNotNull(ended);
    JsonNode interval = lastInterval("auth-key", null);
    assertOverrunWithinBound(interval, expiresAt, killedInRemoval, kills);
    if (key != null) {
      String joinedName = "ci-crash-1";
      DevStackClient.poll(
          Duration.ofSeconds(30),
          () -> stack.simJson("/sim/devices"),
          d -> !d.toString().contains("\"" + joinedName + "\""));
      assertFalse(join(key, "ci-crash-2").statusCode() == 200, "the key is gone");
    }
  }

  private static boolean roleIsMember(JsonNode users) {
    for (JsonNode u : users) {
      if (u.path("login").asText().equals("alice@example.com")) {
        return u.path("role").asText().equals("member");
      }
    }
    return false;
  }

  private String role(String login) throws Exception {
    for (JsonNode u : stack.simJson("/sim/users")) {
      if (u.path("login").asText().equals(login)) {
        return u.path("role").asText();
      }
    }
    throw new AssertionError(login + " is not in /sim/users");
  }

  private HttpResponse<String> getKey(String id) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + serverPort + "/api/v1/grants/" + id + "/auth-key"))
                .header("X-TailGrant-Dev-Device", "alice-laptop")
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> join(String key, String hostname) throws Exception {
    String body = JSON.createObjectNode().put("key", key).put("hostname", hostname).toString();
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simPort + "/sim/join"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
