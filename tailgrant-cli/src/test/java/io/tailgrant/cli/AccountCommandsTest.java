package io.tailgrant.cli;

import static io.tailgrant.cli.FakeApi.json;
import static io.tailgrant.cli.FakeApi.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code types}, {@code me} and {@code logout}. */
class AccountCommandsTest {
  private static final String ID = "g-7kq2m9xa4trc";
  private MockWebServer server;
  private Map<String, String> env;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    env =
        Map.of(
            "HOME",
            "/nonexistent-home-for-account-tests",
            "TAILGRANT_SERVER",
            server.url("/").toString());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static ArrayNode types() {
    ArrayNode list = FakeApi.JSON.createArrayNode();
    list.add(FakeApi.grantType("k8s-view", "kubernetes", "low", "8h", false));
    list.add(
        FakeApi.grantType(
            "k8s-admin", "kubernetes", "high", "2h", true, "bob@example.com", "erin@example.com"));
    list.add(
        FakeApi.grantType("ssh-prod", "posture", "medium", "4h", true, "bob@example.com")
            .putNull("description"));
    return list;
  }

  @Test
  void typesPrintsWhatICanRequestWithRiskMaximumAndApprovers() throws Exception {
    server.enqueue(json(200, types()));

    CliRun r = CliRun.run(env, "types");

    assertEquals(0, r.exit(), r.transcript());
    List<String> lines = r.outLines();
    assertEquals(4, lines.size(), r.out());
    assertEquals(
        List.of("TYPE", "KIND", "RISK", "MAX", "REASON", "APPROVERS", "DESCRIPTION"),
        List.of(lines.get(0).split("\\s+")));
    assertEquals(
        List.of("k8s-view", "kubernetes", "low", "8h", "optional", "-", "Access", "to", "k8s-view"),
        List.of(lines.get(1).split("\\s+")));
    assertEquals(
        List.of(
            "k8s-admin",
            "kubernetes",
            "high",
            "2h",
            "required",
            "bob@example.com,erin@example.com",
            "Access",
            "to",
            "k8s-admin"),
        List.of(lines.get(2).split("\\s+")));
    assertEquals(
        List.of("ssh-prod", "posture", "medium", "4h", "required", "bob@example.com", "-"),
        List.of(lines.get(3).split("\\s+")));
    int approvers = lines.get(0).indexOf("APPROVERS");
    assertEquals(approvers, lines.get(2).indexOf("bob@"), "columns line up:\n" + r.out());
    assertEquals("", r.err());
    RecordedRequest q = take(server);
    assertEquals("GET /api/v1/grant-types", q.getMethod() + " " + q.getTarget());
  }

  @Test
  void typesAsJsonIsTheServersList() throws Exception {
    ArrayNode list = types();
    server.enqueue(json(200, list));

    CliRun r = CliRun.run(env, "types", "--format=json");

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(list, FakeApi.JSON.readTree(r.out()));
    assertEquals("", r.err());
  }

  @Test
  void typesWhenICanRequestNothing() {
    server.enqueue(json(200, "[]"));
    CliRun r = CliRun.run(env, "types");
    assertEquals(0, r.exit(), r.transcript());
    assertEquals(1, r.outLines().size(), r.out());
  }

  @Test
  void typesRefusedExitsWithTheServersMessage() {
    server.enqueue(FakeApi.refusal(403, "forbidden", "tagged devices have no identity"));
    CliRun r = CliRun.run(env, "types");
    assertEquals(5, r.exit(), r.transcript());
    assertTrue(
        r.err().contains("cannot list the grant types: tagged devices have no identity"), r.err());
  }

  @Test
  void anAnswerThatIsNotAListIsAnError() {
    server.enqueue(json(200, "{\"hello\":\"world\"}"));
    CliRun r = CliRun.run(env, "types", "--format", "json");
    assertEquals(1, r.exit(), r.transcript());
    assertEquals("", r.out());
    assertTrue(r.err().contains("is not a JSON array"), r.err());
  }

  @Test
  void meShowsWhoTheServerTakesMeFor() throws Exception {
    server.enqueue(json(200, FakeApi.me("alice@example.com", "alice-laptop", true)));

    CliRun r = CliRun.run(env, "me");

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(
        List.of(
            "login:   alice@example.com",
            "name:    Alice Smith",
            "device:  alice-laptop (n-alice-laptop)",
            "admin:   yes"),
        r.outLines());
    RecordedRequest q = take(server);
    assertEquals("GET /api/v1/me", q.getMethod() + " " + q.getTarget());
  }

  @Test
  void meOnTheDevStackSaysSo() {
    server.enqueue(
        json(200, FakeApi.me("bob@example.com", "bob-laptop", false).put("devMode", true)));
    CliRun r = CliRun.run(env, "me", "--dev-as", "bob-laptop");
    assertEquals(0, r.exit(), r.transcript());
    assertTrue(r.out().contains("admin:   no\n"), r.out());
    assertTrue(r.out().contains("dev mode"), r.out());
  }

  @Test
  void meAsJsonIsTheServersObject() throws Exception {
    ObjectNode me = FakeApi.me("alice@example.com", "alice-laptop", false);
    server.enqueue(json(200, me));

    CliRun r = CliRun.run(env, "me", "--format", "json");

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(me, FakeApi.JSON.readTree(r.out()));
    assertEquals("", r.err());
  }

  @Test
  void logoutEndsTheSignInAndSaysWhichGrant() throws Exception {
    server.enqueue(
        json(
            200,
            FakeApi.JSON
                .createObjectNode()
                .put("username", "bob")
                .put("role", "cluster-admin")
                .put("until", "2026-03-01T11:00:00Z")
                .put("grant", ID)));

    CliRun r = CliRun.run(env, "logout");

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(
        List.of("logged out bob: grant " + ID + " (cluster-admin) is revoked"), r.outLines());
    RecordedRequest q = take(server);
    assertEquals("POST /api/v1alpha1/logout", q.getMethod() + " " + q.getTarget());
  }

  @Test
  void logoutWhenNotSignedInExitsOneSayingSo() {
    server.enqueue(
        FakeApi.refusal(404, "not_found", "you are not signed in: POST /api/v1alpha1/login first"));

    CliRun r = CliRun.run(env, "logout");

    assertEquals(1, r.exit(), r.transcript());
    assertEquals("", r.out());
    assertEquals(
        "tailgrant: not signed in, nothing to log out of: you are not signed in:"
            + " POST /api/v1alpha1/login first\n",
        r.err());
  }

  @Test
  void logoutRefusesAMalformedGrantId() {
    server.enqueue(
        json(
            200,
            FakeApi.JSON
                .createObjectNode()
                .put("username", "bob")
                .put("role", "cluster-admin")
                .put("grant", "g-abc\u001b]0;owned\u0007")));
    CliRun r = CliRun.run(env, "logout");
    assertEquals(1, r.exit(), r.transcript());
    assertEquals("", r.out());
    assertTrue(r.err().contains("malformed grant id \"g-abc\\x1b]0;owned\\x07\""), r.err());
  }
}
