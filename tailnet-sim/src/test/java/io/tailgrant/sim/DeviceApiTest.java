package io.tailgrant.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET /api/v2/tailnet/-/devices and GET /api/v2/device/{id}: shapes, fields, filters, ids. */
class DeviceApiTest extends SimFixture {

  private static final List<String> ALL_ONLY =
      List.of("enabledRoutes", "advertisedRoutes", "clientConnectivity");

  private JsonNode list(String query) {
    return apiGet("/api/v2/tailnet/-/devices" + query).expect(200).json();
  }

  private static Set<String> hostnames(JsonNode listBody) {
    Set<String> out = new TreeSet<>();
    listBody.get("devices").forEach(d -> out.add(d.get("hostname").asText()));
    return out;
  }

  @Test
  void deviceListIsWrappedInDevicesObject() {
    JsonNode body = list("");
    assertTrue(body.isObject());
    assertTrue(body.get("devices").isArray());
    assertEquals(
        Set.of(
            "alice-laptop",
            "bob-laptop",
            "erin-laptop",
            "carol-laptop",
            "dave-laptop",
            "frank-laptop",
            "prod-db-1",
            "ci-runner-1",
            "tailgrant",
            "eve-laptop",
            "grace-laptop"),
        hostnames(body));
  }

  @Test
  void tailnetSegmentAcceptsOrganisationNameButNotAStrangerOne() {
    apiGet("/api/v2/tailnet/example.com/devices").expect(200);
    assertTrue(
        apiGet("/api/v2/tailnet/other.org/devices").expect(404).json().hasNonNull("message"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "?fields=default"})
  void defaultFieldsOmitRoutesAndConnectivity(String query) {
    for (JsonNode d : list(query).get("devices")) {
      for (String f : ALL_ONLY) {
        assertFalse(d.has(f), d.get("hostname") + " has " + f);
      }
    }
  }

  @Test
  void fieldsAllAddsRoutesAndConnectivity() {
    for (JsonNode d : list("?fields=all").get("devices")) {
      assertTrue(d.get("enabledRoutes").isArray(), d.toString());
      assertTrue(d.get("advertisedRoutes").isArray(), d.toString());
      assertTrue(d.get("clientConnectivity").isObject(), d.toString());
    }
  }

  @Test
  void getDeviceHonoursFieldsAll() {
    String id = nodeId("bob-laptop");
    assertFalse(apiGet("/api/v2/device/" + id).expect(200).json().has("clientConnectivity"));
    assertTrue(
        apiGet("/api/v2/device/" + id + "?fields=all")
            .expect(200)
            .json()
            .has("clientConnectivity"));
  }

  @Test
  void tagsFilterReturnsOnlyDevicesWithThatTag() {
    assertEquals(Set.of("ci-runner-1"), hostnames(list("?tags=tag:ci")));
  }

  @Test
  void osFilterMatchesExactly() {
    assertEquals(Set.of("alice-laptop", "carol-laptop"), hostnames(list("?os=macOS")));
  }

  @Test
  void repeatedFilterKeyMustMatchEveryValue() {
    assertEquals(Set.of(), hostnames(list("?tags=tag:ci&tags=tag:prod-db")));
  }

  @Test
  void filtersCombineWithFieldsAll() {
    JsonNode body = list("?fields=all&tags=tag:prod-db");
    assertEquals(Set.of("prod-db-1"), hostnames(body));
    assertTrue(body.get("devices").get(0).has("enabledRoutes"));
  }

  @Test
  void getDeviceByNodeIdReturnsBareObject() {
    String id = nodeId("alice-laptop");
    JsonNode d = apiGet("/api/v2/device/" + id).expect(200).json();
    assertFalse(d.has("devices"));
    assertEquals(id, d.get("nodeId").asText());
    assertEquals("alice-laptop", d.get("hostname").asText());
    assertEquals("alice@example.com", d.get("user").asText());
  }

  @Test
  void getDeviceAcceptsLegacyNumericId() {
    JsonNode fromList = null;
    for (JsonNode d : list("").get("devices")) {
      if (d.get("hostname").asText().equals("carol-laptop")) {
        fromList = d;
      }
    }
    String numericId = fromList.get("id").asText();
    assertTrue(fromList.get("id").isTextual(), "id is a string on the wire");
    assertTrue(numericId.matches("\\d+"), numericId);

    JsonNode d = apiGet("/api/v2/device/" + numericId).expect(200).json();
    assertEquals(fromList.get("nodeId").asText(), d.get("nodeId").asText());
    assertEquals(numericId, d.get("id").asText());
  }

  @Test
  void addressesAreBareIpsWithoutPrefixLength() {
    JsonNode d = apiDevice("alice-laptop");
    List<String> addrs = texts(d.get("addresses"));
    assertEquals(2, addrs.size());
    assertEquals(ipv4("alice-laptop"), addrs.get(0));
    assertTrue(addrs.get(0).startsWith("100."), addrs.toString());
    assertTrue(addrs.get(1).contains(":"), addrs.toString());
    addrs.forEach(a -> assertFalse(a.contains("/"), a));
  }

  @Test
  void nameIsMagicDnsFqdnWithoutTrailingDot() {
    assertEquals("alice-laptop.tail1234.ts.net", apiDevice("alice-laptop").get("name").asText());
  }

  @Test
  void userOwnedDevicesHaveNoTagsKeyAndTaggedDevicesDo() {
    assertFalse(apiDevice("alice-laptop").has("tags"));
    assertEquals(List.of("tag:prod-db"), texts(apiDevice("prod-db-1").get("tags")));
  }

  @Test
  void unknownApiRouteGets404WithMessage() {
    assertTrue(apiGet("/api/v2/no/such/route").expect(404).json().get("message").isTextual());
  }

  @Test
  void unknownDeviceGets404WithMessage() {
    JsonNode body = apiGet("/api/v2/device/nDoesNotExistCNTRL").expect(404).json();
    assertTrue(body.get("message").isTextual());
    assertFalse(body.get("message").asText().isBlank());
  }
}
