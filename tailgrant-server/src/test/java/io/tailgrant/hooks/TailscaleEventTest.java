package io.tailgrant.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TailscaleEventTest {
  private static List<TailscaleEvent> parse(String json) throws MalformedEventException {
    return TailscaleEvent.parseAll(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String error(String json) {
    return assertThrows(MalformedEventException.class, () -> parse(json)).getMessage();
  }

  @Test
  void batchedEventsParseInOrder() throws Exception {
    List<TailscaleEvent> events =
        parse(
            """
            [
              {"timestamp": "2026-03-01T14:04:59.123456789Z", "version": 1, "type": "nodeCreated",
               "tailnet": "example.com", "message": "Node laptop created",
               "data": {"nodeID": "n123", "deviceName": "laptop", "managedBy": "alice@example.com",
                        "actor": "alice@example.com",
                        "url": "https://login.tailscale.com/admin/machines/100.64.0.1"}},
              {"timestamp": "2026-03-01T14:05:00+02:00", "version": 1, "type": "userRoleUpdated",
               "tailnet": "example.com", "message": "Roles of bob changed",
               "data": {"user": "bob@example.com", "oldRoles": ["member"],
                        "newRoles": ["admin", "it-admin"]}}
            ]
            """);
    assertEquals(2, events.size());
    TailscaleEvent created = events.get(0);
    assertEquals(Instant.parse("2026-03-01T14:04:59.123456789Z"), created.timestamp());
    assertEquals(1, created.version());
    assertEquals("nodeCreated", created.type());
    assertEquals("example.com", created.tailnet());
    assertEquals("Node laptop created", created.message());
    assertEquals(Optional.of("n123"), created.text("nodeID"));
    assertEquals(
        List.of("nodeID", "deviceName", "managedBy", "actor", "url"),
        List.copyOf(created.data().keySet()));

    TailscaleEvent roles = events.get(1);
    assertEquals(Instant.parse("2026-03-01T12:05:00Z"), roles.timestamp());
    assertTrue(roles.data().get("newRoles").isArray());
    assertEquals(Optional.of(List.of("admin", "it-admin")), roles.texts("newRoles"));
    assertEquals(Optional.of(List.of("member")), roles.texts("oldRoles"));
    assertEquals(Optional.empty(), roles.text("newRoles"), "an array is no string");
    assertEquals(Optional.empty(), roles.texts("user"), "a string is no array");
  }

  @Test
  void unknownTypesAndFieldsParseFine() throws Exception {
    List<TailscaleEvent> events =
        parse(
            "[{\"timestamp\":\"2026-03-01T14:05:00Z\",\"version\":2,\"type\":\"somethingNew\","
                + "\"extra\":{\"x\":1},\"data\":{\"n\":5,\"nested\":{\"a\":[true,null]}}}]");
    TailscaleEvent e = events.get(0);
    assertEquals("somethingNew", e.type());
    assertEquals(2, e.version());
    assertNull(e.tailnet());
    assertNull(e.message());
    assertEquals(5, e.data().get("n").asInt());
    assertTrue(e.data().get("nested").get("a").get(1).isNull());
  }

  @Test
  void missingOrNullDataIsEmpty() throws Exception {
    assertTrue(
        parse("[{\"timestamp\":\"2026-03-01T14:05:00Z\",\"version\":1,\"type\":\"test\"}]")
            .get(0)
            .data()
            .isEmpty());
    assertTrue(
        parse(
                "[{\"timestamp\":\"2026-03-01T14:05:00Z\",\"version\":1,\"type\":\"test\","
                    + "\"data\":null}]")
            .get(0)
            .data()
            .isEmpty());
  }

  @Test
  void emptyArrayIsNoEvents() throws Exception {
    assertEquals(List.of(), parse("[]"));
  }

  @Test
  void dataIsImmutable() throws Exception {
    TailscaleEvent e =
        parse(
                "[{\"timestamp\":\"2026-03-01T14:05:00Z\",\"version\":1,\"type\":\"t\","
                    + "\"data\":{\"a\":\"b\"}}]")
            .get(0);
    assertThrows(UnsupportedOperationException.class, () -> e.data().clear());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[{\"type\":",
        "[] []",
        "[{\"timestamp\":\"2026-03-01T14:05:00Z\",\"version\":1,\"type\":\"a\",\"type\":\"b\"}]"
      })
  void malformedJsonIsAnError(String body) {
    String message = error(body);
    assertTrue(message.startsWith("body is"), message);
  }

  @Test
  void wrongShapesSayWhatIsWrong() {
    assertEquals("body must be a JSON array of events, not an object", error("{\"type\":\"x\"}"));
    assertEquals("body must be a JSON array of events, not null", error("null"));
    assertEquals("event 0 must be a JSON object, not a string", error("[\"x\"]"));
    String ok = "{\"timestamp\":\"2026-03-01T14:05:00Z\",\"version\":1,\"type\":\"t\"}";
    assertEquals(
        "event 1: \"type\" is missing",
        error("[" + ok + ",{\"timestamp\":\"2026-03-01T14:05:00Z\",\"version\":1}]"));
    assertEquals(
        "event 0: \"type\" must be a string, not a number",
        error("[{\"timestamp\":\"2026-03-01T14:05:00Z\",\"version\":1,\"type\":7}]"));
    assertEquals(
        "event 0: \"timestamp\" is not an RFC 3339 time",
        error("[{\"timestamp\":\"yesterday\",\"version\":1,\"type\":\"t\"}]"));
    assertEquals("event 0: \"timestamp\" is missing", error("[{\"version\":1,\"type\":\"t\"}]"));
    assertEquals(
        "event 0: \"version\" must be an integer",
        error("[{\"timestamp\":\"2026-03-01T14:05:00Z\",\"version\":\"1\",\"type\":\"t\"}]"));
    assertEquals(
        "event 0: \"data\" must be a JSON object, not an array",
        error(
            "[{\"timestamp\":\"2026-03-01T14:05:00Z\",\"version\":1,\"type\":\"t\",\"data\":[]}]"));
    assertEquals(
        "event 0: \"tailnet\" must be a string, not a boolean",
        error(
            "[{\"timestamp\":\"2026-03-01T14:05:00Z\",\"version\":1,\"type\":\"t\","
                + "\"tailnet\":true}]"));
  }
}
