package io.tailgrant.cli;

import static io.tailgrant.cli.FakeApi.body;
import static io.tailgrant.cli.FakeApi.grant;
import static io.tailgrant.cli.FakeApi.json;
import static io.tailgrant.cli.FakeApi.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** grants, status, revoke, extend; which server is asked and as whom. */
class GrantCommandsTest {
  private static final String ID = "g-7kq2m9xa4trc";
  private MockWebServer server;
  private String url;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    url = server.url("/").toString();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Map<String, String> env(String... pairs) {
    Map<String, String> m = new HashMap<>();
    m.put("HOME", "/nonexistent-home-for-grant-command-tests");
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  @Test
  void grantsPrintsATableOfMyGrants() throws Exception {
    ArrayNode list = FakeApi.JSON.createArrayNode();
    list.add(FakeApi.summary(ID, "k8s-view", "active", "dev", "2026-03-01T11:00:00Z"));
    list.add(FakeApi.summary("g-pendingpend22", "k8s-admin", "pending_approval", "dev", null));
    server.enqueue(json(200, FakeApi.page(list)));

    CliRun r = CliRun.run(env(), "grants", "--server", url);

    assertEquals(0, r.exit(), r.transcript());
    List<String> lines = r.outLines();
    assertEquals(3, lines.size(), r.out());
    assertEquals(
        List.of("ID", "TYPE", "STATUS", "TARGET", "ENDS"),
        List.of(lines.get(0).trim().split("\\s+")));
    assertEquals(
        List.of(ID, "k8s-view", "active", "dev", "2026-03-01T11:00:00Z"),
        List.of(lines.get(1).trim().split("\\s+")));
    assertEquals(
        List.of("g-pendingpend22", "k8s-admin", "pending_approval", "dev", "-"),
        List.of(lines.get(2).trim().split("\\s+")));
    int statusColumn = lines.get(0).indexOf("STATUS");
    assertEquals(statusColumn, lines.get(1).indexOf("active"), "columns line up:\n" + r.out());
    assertEquals(
        statusColumn, lines.get(2).indexOf("pending_approval"), "columns line up:\n" + r.out());
    assertEquals("", r.err());
    RecordedRequest q = take(server);
    assertEquals("GET /api/v1/grants?view=mine", q.getMethod() + " " + q.getTarget());
  }

  @Test
  void grantsWithNoneIsJustTheHeader() {
    server.enqueue(json(200, FakeApi.EMPTY_PAGE));
    CliRun r = CliRun.run(env(), "grants", "--server", url);
    assertEquals(0, r.exit(), r.transcript());
    assertEquals(1, r.outLines().size(), r.out());
  }

  @Test
  void statusShowsOneGrantWithItsTimeline() throws Exception {
    ObjectNode g = grant(ID, "k8s-view", "kubernetes", "active");
    g.withArray("timeline")
        .addObject()
        .put("seq", 2)
        .put("at", "2026-03-01T10:00:01Z")
        .put("actor", "tailgrant")
        .put("action", "activated")
        .putNull("detail");
    server.enqueue(json(200, g));

    CliRun r = CliRun.run(env(), "status", ID, "--server", url);

    assertEquals(0, r.exit(), r.transcript());
    List<String> lines = r.outLines();
    assertEquals(ID + "  k8s-view  active", lines.get(0));
    assertTrue(r.out().contains("requester: alice@example.com   target: dev"), r.out());
    assertTrue(r.out().contains("reason:    test"), r.out());
    assertTrue(r.out().contains("active:    2026-03-01T10:00:01Z → " + FakeApi.EXPIRES), r.out());
    assertTrue(
        r.out().contains("  2026-03-01T10:00:00Z  alice@example.com  requested: test"), r.out());
    assertTrue(r.out().contains("  2026-03-01T10:00:01Z  tailgrant  activated\n"), r.out());
    assertTrue(!r.out().contains("failure:"), r.out());
    assertEquals("/api/v1/grants/" + ID, take(server).getTarget());
  }

  @Test
  void statusOfAnUnknownGrantExitsTwo() {
    server.enqueue(FakeApi.refusal(404, "not_found", "there is no grant g-nosuchgrant"));
    CliRun r = CliRun.run(env(), "status", "g-nosuchgrant", "--server", url);
    assertEquals(2, r.exit(), r.transcript());
    assertTrue(
        r.err().contains("cannot show g-nosuchgrant: there is no grant g-nosuchgrant"), r.err());
  }

  @Test
  void revokePostsTheReason() throws Exception {
    server.enqueue(json(200, grant(ID, "k8s-view", "kubernetes", "revoked")));

    CliRun r = CliRun.run(env(), "revoke", ID, "--reason", "done early", "--server", url);

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(List.of(ID + " is revoked"), r.outLines());
    RecordedRequest q = take(server);
    assertEquals("POST", q.getMethod());
    assertEquals("/api/v1/grants/" + ID + "/revoke", q.getTarget());
    assertEquals(FakeApi.JSON.createObjectNode().put("reason", "done early"), body(q));
  }

  @Test
  void revokeWithoutReasonPostsAnEmptyObject() throws Exception {
    server.enqueue(json(200, grant(ID, "k8s-view", "kubernetes", "revoked")));

    CliRun r = CliRun.run(env(), "revoke", ID, "--server", url);

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(FakeApi.JSON.createObjectNode(), body(take(server)));
  }

  @Test
  void revokingAnEndedGrantExitsTwoWithTheServersMessage() {
    server.enqueue(FakeApi.refusal(409, "wrong_state", "grant " + ID + " has already ended"));
    CliRun r = CliRun.run(env(), "revoke", ID, "--server", url);
    assertEquals(2, r.exit(), r.transcript());
    assertTrue(
        r.err().contains("cannot revoke " + ID + ": grant " + ID + " has already ended"), r.err());
  }

  @Test
  void extendPostsTheDurationAndPrintsTheNewEnd() throws Exception {
    server.enqueue(
        json(
            200,
            grant(ID, "k8s-view", "kubernetes", "active")
                .put("expiresAt", "2026-03-01T11:10:00Z")));

    CliRun r = CliRun.run(env(), "extend", ID, "10m", "--server", url);

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(List.of(ID + " is active until 2026-03-01T11:10:00Z"), r.outLines());
    RecordedRequest q = take(server);
    assertEquals("POST", q.getMethod());
    assertEquals("/api/v1/grants/" + ID + "/extend", q.getTarget());
    assertEquals(FakeApi.JSON.createObjectNode().put("duration", "10m"), body(q));
  }

  @Test
  void extendPastTheMaximumExitsTwo() {
    server.enqueue(FakeApi.refusal(400, "duration_too_long", "k8s-view grants last at most 8h"));
    CliRun r = CliRun.run(env(), "extend", ID, "9h", "--server", url);
    assertEquals(2, r.exit(), r.transcript());
    assertTrue(
        r.err().contains("cannot extend " + ID + ": k8s-view grants last at most 8h"), r.err());
  }

  @Test
  void grantIdsAreEncodedIntoThePath() throws Exception {
    server.enqueue(FakeApi.refusal(404, "not_found", "no"));
    CliRun.run(env(), "status", "g-x/../../admin?y", "--server", url);
    assertEquals("/api/v1/grants/g-x%2F..%2F..%2Fadmin%3Fy", take(server).getTarget());
  }

  @Test
  void theDevHeaderIsSentOnlyWhenAskedFor() throws Exception {
    for (int i = 0; i < 4; i++) {
      server.enqueue(json(200, FakeApi.EMPTY_PAGE));
    }

    assertEquals(0, CliRun.run(env(), "grants", "--server", url).exit());
    assertNull(
        take(server).getHeaders().get(ServerClient.DEV_DEVICE_HEADER),
        "no dev header without --dev-as");

    assertEquals(
        0, CliRun.run(env("TAILGRANT_DEV_AS", "alice-laptop"), "grants", "--server", url).exit());
    assertEquals("alice-laptop", take(server).getHeaders().get("X-TailGrant-Dev-Device"));

    assertEquals(
        0,
        CliRun.run(
                env("TAILGRANT_DEV_AS", "alice-laptop"),
                "grants",
                "--dev-as",
                "bob-laptop",
                "--server",
                url)
            .exit());
    assertEquals(
        "bob-laptop",
        take(server).getHeaders().get("X-TailGrant-Dev-Device"),
        "--dev-as beats the environment");

    assertEquals(0, CliRun.run(env("TAILGRANT_DEV_AS", " "), "grants", "--server", url).exit());
    assertNull(
        take(server).getHeaders().get(ServerClient.DEV_DEVICE_HEADER),
        "a blank TAILGRANT_DEV_AS is none");
  }

  @Test
  void tailgrantServerIsHonouredAndServerBeatsIt() throws Exception {
    try (MockWebServer other = new MockWebServer()) {
      other.start();
      server.enqueue(json(200, FakeApi.EMPTY_PAGE));
      other.enqueue(json(200, FakeApi.EMPTY_PAGE));

      // A trailing slash or none: the same API path.
      CliRun fromEnv = CliRun.run(env("TAILGRANT_SERVER", url), "grants");
      assertEquals(0, fromEnv.exit(), fromEnv.transcript());
      assertEquals(1, server.getRequestCount());
      assertEquals("/api/v1/grants?view=mine", take(server).getTarget());

      String otherUrl = other.url("/").toString().replaceAll("/$", "");
      CliRun fromFlag = CliRun.run(env("TAILGRANT_SERVER", url), "grants", "--server", otherUrl);
      assertEquals(0, fromFlag.exit(), fromFlag.transcript());
      assertEquals(1, other.getRequestCount(), "--server beats TAILGRANT_SERVER");
      assertEquals(
          1, server.getRequestCount(), "TAILGRANT_SERVER is not asked when --server is given");
      assertEquals("/api/v1/grants?view=mine", take(other).getTarget());
    }
  }
}
