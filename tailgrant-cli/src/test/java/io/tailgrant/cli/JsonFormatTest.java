package io.tailgrant.cli;

import static io.tailgrant.cli.FakeApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --format json}: the server's JSON, re-serialized (one valid document, even for one
 * object), nothing else on stdout, and as inert on a terminal as the tables.
 */
class JsonFormatTest {
  private static final String ID = "g-7kq2m9xa4trc";
  private static final String NASTY = "\u001b]0;owned\u0007\u001b[2J\u009b1A\u0085\u007fend\r\n";
  private MockWebServer server;
  private Map<String, String> env;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    env =
        Map.of(
            "HOME",
            "/nonexistent-home-for-json-tests",
            "TAILGRANT_SERVER",
            server.url("/").toString());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Exactly one JSON document on stdout, with nothing after it. */
  private static JsonNode onlyJson(CliRun r) throws IOException {
    try (JsonParser p = FakeApi.JSON.createParser(r.out())) {
      JsonNode n = FakeApi.JSON.readTree(p);
      assertEquals(null, p.nextToken(), "one document and nothing else:\n" + r.out());
      return n;
    }
  }

  @Test
  void grantsAsJson() throws Exception {
    ArrayNode list = FakeApi.JSON.createArrayNode();
    list.add(FakeApi.summary(ID, "k8s-view", "active", "dev", "2026-03-01T11:00:00Z"));
    server.enqueue(json(200, FakeApi.page(list)));

    CliRun r = CliRun.run(env, "grants", "--format", "json");

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(list, onlyJson(r));
    assertEquals("", r.err());
    assertEquals("/api/v1/grants?view=mine", FakeApi.take(server).getTarget());
  }

  @Test
  void statusAsJsonIsOneObject() throws Exception {
    ObjectNode g = FakeApi.grant(ID, "k8s-view", "kubernetes", "active");
    // The server's own bytes, compact: the CLI re-serializes rather than passing them through.
    server.enqueue(json(200, g.toString()));

    CliRun r = CliRun.run(env, "status", ID, "--format=json");

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(g, onlyJson(r));
    assertTrue(r.out().startsWith("{\n"), "indented for reading: " + r.out());
    assertEquals("", r.err());
  }

  @Test
  void theFormatIsCaseInsensitiveAndTableIsTheDefault() throws Exception {
    server.enqueue(json(200, FakeApi.EMPTY_PAGE));
    server.enqueue(json(200, FakeApi.EMPTY_PAGE));
    assertEquals("[ ]\n", CliRun.run(env, "grants", "--format", "JSON").out());
    assertTrue(CliRun.run(env, "grants", "--format", "table").out().startsWith("ID "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"grants", "approvals", "types"})
  void controlCharactersAreEscapedAndTheJsonReadsBackTheSame(String command) throws Exception {
    ArrayNode list = FakeApi.JSON.createArrayNode();
    ObjectNode item =
        command.equals("types")
            ? FakeApi.grantType("k8s" + NASTY, "kubernetes", "low", "1h", false)
            : FakeApi.summary(ID, "k8s" + NASTY, "active", NASTY, null).put("reason", NASTY);
    list.add(item);
    server.enqueue(json(200, command.equals("types") ? list : FakeApi.page(list)));

    CliRun r = CliRun.run(env, command, "--format", "json");

    assertEquals(0, r.exit(), r.transcript());
    for (char c : r.out().toCharArray()) {
      assertFalse(
          c != '\n' && (c < 0x20 || c >= 0x7f && c <= 0x9f),
          "raw control character U+%04X in: %s".formatted((int) c, Untrusted.printable(r.out())));
    }
    assertTrue(r.out().contains("\\u001B]0;owned\\u0007"), r.out());
    assertTrue(r.out().contains("\\u009B1A\\u0085\\u007F"), r.out());
    assertEquals(list, onlyJson(r), "escaped, the same JSON");
  }

  @Test
  void aMalformedIdIsRefusedInJsonToo() {
    ArrayNode list = FakeApi.JSON.createArrayNode();
    list.add(FakeApi.summary("../../x", "k8s-view", "active", "dev", null));
    server.enqueue(json(200, FakeApi.page(list)));
    CliRun r = CliRun.run(env, "grants", "--format", "json");
    assertEquals(1, r.exit(), r.transcript());
    assertEquals("", r.out());
  }

  @Test
  void aRefusalPrintsNothingOnStdout() {
    server.enqueue(FakeApi.refusal(404, "not_found", "there is no grant " + ID));
    CliRun r = CliRun.run(env, "status", ID, "--format", "json");
    assertEquals(2, r.exit(), r.transcript());
    assertEquals("", r.out());
    assertTrue(r.err().contains("cannot show " + ID + ": there is no grant"), r.err());
  }
}
