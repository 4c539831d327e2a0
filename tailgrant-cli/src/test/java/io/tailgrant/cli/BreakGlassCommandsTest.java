package io.tailgrant.cli;

import static io.tailgrant.cli.FakeApi.body;
import static io.tailgrant.cli.FakeApi.grant;
import static io.tailgrant.cli.FakeApi.json;
import static io.tailgrant.cli.FakeApi.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code login --break-glass} asks for it; {@code review <id> confirm|revoke} answers it. */
class BreakGlassCommandsTest {
  private static final String ID = "g-7kq2m9xa4trc";
  @TempDir Path home;
  private MockWebServer server;
  private Map<String, String> env;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    env = Map.of("HOME", home.toString(), "TAILGRANT_SERVER", server.url("/").toString());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void loginWithBreakGlassSendsItWithTheReason() throws Exception {
    server.enqueue(json(202, grant(ID, "ssh-prod-emergency", "posture", "active")));

    CliRun r =
        CliRun.run(env, "login", "ssh-prod-emergency", "--break-glass", "--reason", "prod is down");

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(
        FakeApi.JSON
            .createObjectNode()
            .put("grantType", "ssh-prod-emergency")
            .put("reason", "prod is down")
            .put("breakGlass", true),
        body(take(server)));
  }

  @Test
  void loginWithoutItNeverSendsIt() throws Exception {
    server.enqueue(json(202, grant(ID, "ssh-prod", "posture", "active")));
    assertEquals(0, CliRun.run(env, "login", "ssh-prod").exit());
    assertTrue(body(take(server)).path("breakGlass").isMissingNode());
  }

  @Test
  void reviewPostsTheDecisionAndComment() throws Exception {
    server.enqueue(json(200, grant(ID, "ssh-prod-emergency", "posture", "active")));

    CliRun r = CliRun.run(env, "review", ID, "confirm", "--comment", "saw INC-42");

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(List.of("confirmed " + ID + "; it is now active"), r.outLines());
    RecordedRequest q = take(server);
    assertEquals("POST /api/v1/grants/" + ID + "/review", q.getMethod() + " " + q.getTarget());
    assertEquals(
        FakeApi.JSON.createObjectNode().put("decision", "confirm").put("comment", "saw INC-42"),
        body(q));
  }

  @Test
  void aDecisionOtherThanConfirmOrRevokeIsAUsageErrorAndSendsNothing() throws Exception {
    CliRun r = CliRun.run(env, "review", ID, "approve");
    assertEquals(CliFailure.USAGE, r.exit(), r.transcript());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void aRefusalIsReported() throws Exception {
    server.enqueue(
        FakeApi.refusal(403, "forbidden", "you cannot review your own break-glass grant"));
    CliRun r = CliRun.run(env, "review", ID, "revoke");
    assertEquals(CliFailure.NOT_ELIGIBLE, r.exit(), r.transcript()); // 403, as for approve
    assertTrue(r.err().contains("you cannot review your own break-glass grant"), r.err());
  }

  @Test
  void listsAndStatusMarkABreakGlassGrant() throws Exception {
    com.fasterxml.jackson.databind.node.ArrayNode list = FakeApi.JSON.createArrayNode();
    list.add(
        FakeApi.summary(ID, "ssh-prod-emergency", "active", "dave-laptop", null)
            .put("breakGlass", true));
    server.enqueue(json(200, FakeApi.page(list)));
    CliRun r = CliRun.run(env, "grants");
    assertEquals(0, r.exit(), r.transcript());
    assertTrue(r.out().contains("ssh-prod-emergency (break-glass)"), r.out());

    server.enqueue(
        json(
            200,
            grant(ID, "ssh-prod-emergency", "posture", "active")
                .put("breakGlass", true)
                .put("reviewBy", "2026-03-01T10:10:00Z")));
    CliRun s = CliRun.run(env, "status", ID);
    assertEquals(0, s.exit(), s.transcript());
    assertTrue(
        s.out().contains("break-glass: not reviewed yet; review by 2026-03-01T10:10:00Z"), s.out());
  }
}
