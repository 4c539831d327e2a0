package io.tailgrant.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Dev-only /sim routes: device views, hand edits, call counts. Fault injection is in {@link
 * FaultInjectionTest}.
 */
class ControlRoutesTest extends SimFixture {

  @Test
  void simDevicesListsEveryDeviceWithControlFields() {
    JsonNode devices = simDevices();
    assertTrue(devices.isArray());
    assertEquals(11, devices.size());
    for (JsonNode d : devices) {
      List<String> keys = new ArrayList<>();
      d.fieldNames().forEachRemaining(keys::add);
      assertEquals(
          List.of("nodeId", "name", "user", "tags", "ephemeral", "addresses", "postureAttributes"),
          keys);
    }
    JsonNode alice = simDevice("alice-laptop");
    assertEquals("alice@example.com", alice.get("user").asText());
    assertEquals(0, alice.get("tags").size());
    assertEquals(2, alice.get("addresses").size());
    assertFalse(alice.get("addresses").get(0).asText().contains("/"));
  }

  @Test
  void simDeviceByNodeIdMatchesTheListEntry() {
    JsonNode fromList = simDevice("prod-db-1");
    JsonNode one =
        send(request("/sim/devices/" + fromList.get("nodeId").asText())).expect(200).json();
    assertEquals(fromList, one);
    assertEquals(List.of("tag:prod-db"), texts(one.get("tags")));
  }

  @Test
  void unknownSimDeviceGets404() {
    send(request("/sim/devices/nDoesNotExistCNTRL")).expect(404);
  }

  @Test
  void postureAttributesShowValueAndExpiry() {
    String id = nodeId("alice-laptop");
    apiPost(
            "/api/v2/device/" + id + "/attributes/custom:tka_role",
            "{\"value\":\"admin\",\"expiry\":\"2026-06-01T08:00:00Z\"}")
        .expect(200);
    apiPost("/api/v2/device/" + id + "/attributes/custom:score", "{\"value\":5}").expect(200);

    JsonNode attrs =
        send(request("/sim/devices/" + id)).expect(200).json().get("postureAttributes");
    assertEquals(
        tree("{\"value\":\"admin\",\"expiry\":\"2026-06-01T08:00:00Z\"}"),
        attrs.get("custom:tka_role"));
    assertEquals(tree("{\"value\":5,\"expiry\":null}"), attrs.get("custom:score"));
    assertFalse(attrs.has("node:os"), "only custom attributes are shown");
  }

  @Test
  void handTaggingSkipsOwnershipButStillNeedsADefinedTag() {
    String id = nodeId("dave-laptop");
    JsonNode d =
        send(request("/sim/devices/" + id + "/tags").post(json("{\"tags\":[\"tag:not-ours\"]}")))
            .expect(200)
            .json();
    assertEquals(List.of("tag:not-ours"), texts(d.get("tags")));
    assertTrue(d.get("user").isNull());
    assertEquals(List.of("tag:not-ours"), texts(apiDevice("dave-laptop").get("tags")));

    send(request("/sim/devices/" + id + "/tags").post(json("{\"tags\":[\"tag:madeup\"]}")))
        .expect(400);
    assertEquals(List.of("tag:not-ours"), texts(simDevice("dave-laptop").get("tags")));
  }

  @Test
  void handTaggingCannotRemoveAllTagsOfTaggedDevice() {
    send(request("/sim/devices/" + nodeId("ci-runner-1") + "/tags").post(json("{\"tags\":[]}")))
        .expect(400);
    assertEquals(List.of("tag:ci"), texts(simDevice("ci-runner-1").get("tags")));
  }

  @Test
  void handDeleteOfAttributeRemovesIt() {
    String id = nodeId("alice-laptop");
    apiPost("/api/v2/device/" + id + "/attributes/custom:x", "{\"value\":true}").expect(200);

    JsonNode d =
        send(request("/sim/devices/" + id + "/attributes/custom:x").delete()).expect(200).json();
    assertFalse(d.get("postureAttributes").has("custom:x"));
    assertFalse(
        apiGet("/api/v2/device/" + id + "/attributes")
            .expect(200)
            .json()
            .get("attributes")
            .has("custom:x"));
  }

  @Test
  void callsAreCountedByMethodAndRouteTemplate() {
    String alice = nodeId("alice-laptop");
    String prod = nodeId("prod-db-1");
    apiGet("/api/v2/device/" + alice).expect(200);
    apiGet("/api/v2/device/" + prod).expect(200);
    apiPost("/api/v2/device/" + prod + "/tags", "{\"tags\":[\"tag:prod-db\"]}").expect(200);
    apiGet("/api/v2/tailnet/-/devices").expect(200);
    apiPost("/api/v2/device/" + alice + "/attributes/custom:x", "{\"value\":true}").expect(200);
    apiDelete("/api/v2/device/" + alice + "/attributes/custom:x").expect(200);

    JsonNode calls = send(request("/sim/calls")).expect(200).json();
    assertEquals(1, calls.path("POST /api/v2/oauth/token").asLong(), calls.toString());
    assertEquals(2, calls.path("GET /api/v2/device/{deviceId}").asLong(), calls.toString());
    assertEquals(1, calls.path("POST /api/v2/device/{deviceId}/tags").asLong(), calls.toString());
    assertEquals(1, calls.path("GET /api/v2/tailnet/{tailnet}/devices").asLong(), calls.toString());
    assertEquals(
        1,
        calls.path("POST /api/v2/device/{deviceId}/attributes/{attributeKey}").asLong(),
        calls.toString());
    assertEquals(
        1,
        calls.path("DELETE /api/v2/device/{deviceId}/attributes/{attributeKey}").asLong(),
        calls.toString());
    assertEquals(6, calls.size(), calls.toString());
  }

  @Test
  void everyApiCallIsCountedOnce() {
    apiGet("/api/v2/device/" + nodeId("alice-laptop")).expect(200);
    apiGet("/api/v2/tailnet/-/devices").expect(200);
    send(request("/api/v2/tailnet/-/devices")).expect(401);
    long total = 0;
    for (JsonNode n : send(request("/sim/calls")).expect(200).json()) {
      total += n.asLong();
    }
    assertEquals(4, total, "token + 3 API calls");
    assertEquals(4, sim.calls().snapshot().values().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void controlAndLocalApiRoutesAreNotCounted() {
    simDevices();
    whois(ipv4("alice-laptop"));
    assertEquals(0, send(request("/sim/calls")).expect(200).json().size());
  }

  @Test
  void rejectedCallsAreCountedToo() {
    send(request("/api/v2/tailnet/-/devices")).expect(401);
    JsonNode calls = send(request("/sim/calls")).expect(200).json();
    assertEquals(1, calls.path("GET /api/v2/tailnet/{tailnet}/devices").asLong(), calls.toString());
  }

  @Test
  void callCounterKeysNeverHoldConcreteIds() {
    String alice = nodeId("alice-laptop");
    apiGet("/api/v2/device/" + alice).expect(200);
    Set<String> keys = new TreeSet<>();
    send(request("/sim/calls")).expect(200).json().fieldNames().forEachRemaining(keys::add);
    keys.forEach(k -> assertFalse(k.contains(alice), k));
    assertNull(sim.calls().snapshot().get("GET /api/v2/device/" + alice));
  }
}
