package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tailgrant.cli.TailGrantCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's user-role and auth-key steps on a real dev stack in real time: alice is a tailnet
 * admin once bob approves and a member again at the end; the CLI prints a ci-join key once, a
 * machine joins with it as tag:ci, and key and machine are gone when the grant ends.
 */
class TailnetKindsWalkthroughTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EXPORT = Pattern.compile("export TS_AUTHKEY='(tskey-auth-[^']+)'");
  private static final Pattern REQUESTED =
      Pattern.compile("requested \\S+ as \\S+: grant (g-[a-z0-9]+) ");
  @TempDir static Path state;
  private static DevMain dev;
  private static DevStackClient stack;
  private static int simPort;
  private static int serverPort;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    serverPort = DevStackClient.freePort();
    simPort = DevStackClient.freePort();
    dev =
        DevMain.start(
            new DevStackOptions(
                DevStackClient.freePort(), simPort, serverPort, false, state, null));
    stack = new DevStackClient(serverPort, simPort);
  }

  @AfterAll
  static void stop() {
    if (dev != null) {
      dev.close();
    }
  }

  private static String role(String login) throws Exception {
    for (JsonNode u : stack.simJson("/sim/users")) {
      if (u.path("login").asText().equals(login)) {
        return u.path("role").asText();
      }
    }
    throw new AssertionError(login + " is not in /sim/users");
  }

  /** POST /sim/join: the status and the answer. */
  private static HttpResponse<String> join(String key, String hostname) throws Exception {
    String body = JSON.createObjectNode().put("key", key).put("hostname", hostname).toString();
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simPort + "/sim/join"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path, String device) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + path))
            .header("X-TailGrant-Dev-Device", device)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static boolean listed(String hostname) throws Exception {
    for (JsonNode d : stack.simJson("/sim/devices")) {
      if (d.path("name").asText().equals(hostname)
          || d.path("hostname").asText().equals(hostname)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aliceIsATailnetAdminOnceBobApprovesAndAMemberAgainAfterwards() throws Exception {
    assertEquals("member", role("alice@example.com"));
    JsonNode grant =
        stack.api(
            "POST",
            "/api/v1/grants",
            "alice-laptop",
            "{\"grantType\":\"tailnet-admin\",\"duration\":\"20s\",\"reason\":\"rotate the"
                + " OAuth client\"}");
    String id = grant.get("id").asText();
    assertEquals("pending_approval", grant.get("status").asText());
    assertEquals("member", role("alice@example.com"), "nothing before approval");

    JsonNode approved =
        stack.api(
            "POST", "/api/v1/grants/" + id + "/approve", "bob-laptop", "{\"comment\":\"ok\"}");
    assertEquals("active", approved.get("status").asText());
    assertEquals("admin", role("alice@example.com"));

    DevStackClient.poll(
        Duration.ofSeconds(40),
        () -> stack.api("GET", "/api/v1/grants/" + id, "alice-laptop", null),
        g -> g.get("status").asText().equals("expired"));
    assertEquals("member", role("alice@example.com"));
  }

  @Test
  void theCliPrintsACiJoinKeyOnceAndKeyAndMachineAreGoneAtTheEnd() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit =
          TailGrantCli.execute(
              new String[] {
                "login",
                "ci-join",
                "--dev-as",
                "alice-laptop",
                "--duration",
                "20s",
                "--server",
                "http://127.0.0.1:" + serverPort
              },
              Map.of("HOME", state.resolve("home").toString()),
              o,
              e);
    }
    String transcript = "exit " + exit + "\n" + out + "\n" + err;
    assertEquals(0, exit, transcript);
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(1, lines.size(), transcript);
    Matcher m = EXPORT.matcher(lines.get(0));
    assertTrue(m.matches(), transcript);
    String key = m.group(1);
    Matcher r = REQUESTED.matcher(err.toString(StandardCharsets.UTF_8));
    assertTrue(r.find(), transcript);
    String id = r.group(1);

    assertEquals(410, get("/api/v1/grants/" + id + "/auth-key", "alice-laptop").statusCode());
    HttpResponse<String> joined = join(key, "ci-build-42");
    assertEquals(200, joined.statusCode(), joined::body);
    JsonNode device = JSON.readTree(joined.body());
    assertEquals(List.of("tag:ci"), List.of(device.path("tags").get(0).asText()));
    assertTrue(listed("ci-build-42"));

    JsonNode ended =
        DevStackClient.poll(
            Duration.ofSeconds(40),
            () -> stack.api("GET", "/api/v1/grants/" + id, "alice-laptop", null),
            g -> g.get("status").asText().equals("expired"));
    assertFalse(listed("ci-build-42"), "the machine left with the grant");
    HttpResponse<String> again = join(key, "ci-build-43");
    assertTrue(again.statusCode() >= 400 && again.statusCode() < 500, again::body);
    assertFalse(listed("ci-build-43"));
    // The key expired with the grant (Tailscale's own expiry), so no second machine joins with it.
    assertNotNull(ended.get("timeline"));
    assertTrue(ended.get("timeline").toString().contains("ci-build-42 (removed)"), ended::toString);
    assertFalse(ended.toString().contains(key.substring(key.lastIndexOf('-') + 1)));
  }
}
