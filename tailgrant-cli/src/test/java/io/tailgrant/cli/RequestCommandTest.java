package io.tailgrant.cli;

import static io.tailgrant.cli.FakeApi.json;
import static io.tailgrant.cli.FakeApi.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** tailgrant request: one POST, a later start with --starts-at, and no waiting. */
class RequestCommandTest {
  private static final String ID = "g-7kq2m9xa4trc";
  private static final Instant NOW = Instant.parse("2026-12-01T09:00:00.700Z");
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

  /** Each row: what --starts-at says, and the RFC 3339 time sent (null: a usage error). */
  static Stream<Arguments> starts() {
    return Stream.of(
        Arguments.of("+2m", "2026-12-01T09:02:00Z"),
        Arguments.of("+1h30m", "2026-12-01T10:30:00Z"),
        Arguments.of("+1d", "2026-12-02T09:00:00Z"),
        Arguments.of("2026-12-01T10:00:00Z", "2026-12-01T10:00:00Z"),
        Arguments.of("2026-12-01T11:00:00+01:00", "2026-12-01T10:00:00Z"),
        Arguments.of("+", null),
        Arguments.of("+2x", null),
        Arguments.of("-2m", null),
        Arguments.of("tomorrow", null),
        Arguments.of("+99999999999999999999d", null),
        Arguments.of("2026-12-01 10:00", null));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("starts")
  void startsAtIsRfc3339OrFromNow(String given, String sent) {
    if (sent != null) {
      assertEquals(sent, RequestCommand.resolve(given, NOW));
      return;
    }
    CliFailure f = assertThrows(CliFailure.class, () -> RequestCommand.resolve(given, NOW));
    assertEquals(CliFailure.USAGE, f.exitCode);
  }

  @Test
  void aScheduledRequestSendsItsStartAndReturnsAtOnce() throws Exception {
    ObjectNode g = FakeApi.grant(ID, "db-admin", "posture", "pending_approval");
    g.put("startsAt", "2026-12-01T10:00:00Z");
    server.enqueue(json(202, g));

    CliRun r =
        CliRun.run(
            Map.of("HOME", "/nonexistent-home-for-request-tests"),
            "request",
            "db-admin",
            "--server",
            url,
            "--reason",
            "migration",
            "--duration",
            "30m",
            "--starts-at",
            "2026-12-01T10:00:00Z");

    assertEquals(0, r.exit(), r.transcript());
    assertTrue(
        r.out().contains(ID + "  db-admin  pending_approval  starts 2026-12-01T10:00:00Z"),
        r.out());
    RecordedRequest q = take(server);
    assertEquals("POST /api/v1/grants", q.getMethod() + " " + q.getTarget());
    JsonNode body = FakeApi.body(q);
    assertEquals("db-admin", body.path("grantType").asText());
    assertEquals("2026-12-01T10:00:00Z", body.path("startsAt").asText());
    assertEquals("30m", body.path("duration").asText());
    assertEquals(1, server.getRequestCount(), "no polling: it returns at once");
  }

  @Test
  void aBadStartIsAUsageErrorBeforeAnyRequest() {
    CliRun r =
        CliRun.run(
            Map.of("HOME", "/nonexistent-home-for-request-tests"),
            "request",
            "db-admin",
            "--server",
            url,
            "--starts-at",
            "soon");
    assertEquals(CliFailure.USAGE, r.exit(), r.transcript());
    assertTrue(r.err().contains("--starts-at takes an RFC 3339 time"), r.err());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void theServersRefusalIsShown() {
    server.enqueue(FakeApi.refusal(400, "starts_at_too_far", "startsAt ... is more than 7d ahead"));
    CliRun r =
        CliRun.run(
            Map.of("HOME", "/nonexistent-home-for-request-tests"),
            "request",
            "db-admin",
            "--server",
            url,
            "--starts-at",
            "+30d");
    assertEquals(CliFailure.USAGE, r.exit(), r.transcript());
    assertTrue(r.err().contains("more than 7d ahead"), r.err());
  }
}
