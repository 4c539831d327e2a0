package io.tailgrant.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node shared into the tailnet from another one: eve-laptop, owned by the external user
 * eve@partner.example and shared by paul@partner.example. WhoIs carries the owner's profile and
 * {@code Node.Sharer}; the device list marks it {@code isExternal}; its owner is no member.
 */
class SharedNodeTest extends SimFixture {
  private static final String MEMBER_CAP = "example.com/cap/member";

  /** The default seed plus a grant to autogroup:member, to see who counts as a member. */
  @Override
  protected SimSeed seed() {
    SimSeed d = SimSeed.defaultSeed();
    List<SimSeed.CapabilityGrant> caps = new ArrayList<>(d.capabilities());
    caps.add(
        new SimSeed.CapabilityGrant(
            List.of("autogroup:member"), Map.of(MEMBER_CAP, List.of(tree("{\"member\":true}")))));
    return new SimSeed(
        d.tailnet(),
        d.dnsSuffix(),
        d.users(),
        d.groups(),
        d.devices(),
        d.tagOwners(),
        d.oauthClients(),
        caps);
  }

  @Test
  void whoisOfSharedInNodeCarriesSharerAndTheOwnersProfile() {
    JsonNode w = whois(ipv4("eve-laptop")).expect(200).json();
    JsonNode node = w.get("Node");
    JsonNode profile = w.get("UserProfile");
    assertEquals("eve@partner.example", profile.get("LoginName").asText());
    assertEquals("Eve Partner", profile.get("DisplayName").asText());
    assertFalse(profile.has("Groups"), profile.toString());
    assertEquals(
        profile.get("ID").asLong(), node.get("User").asLong(), "User is the owner, not the sharer");
    assertEquals(sim.state().userId("paul@partner.example"), node.get("Sharer").asLong());
    assertNotEquals(node.get("User").asLong(), node.get("Sharer").asLong());
    assertFalse(node.has("Tags"));
  }

  @Test
  void sharedInNodeKeepsItsOwnTailnetsNameAndComputesItsNameFromTheFqdn() {
    JsonNode node = whois(ipv4("eve-laptop")).expect(200).json().get("Node");
    assertEquals("eve-laptop.tail5678.ts.net.", node.get("Name").asText());
    assertEquals("eve-laptop.tail5678.ts.net", node.get("ComputedName").asText());
    assertEquals(
        "eve-laptop.tail5678.ts.net (eve-laptop)", node.get("ComputedNameWithHost").asText());
  }

  @Test
  void membersNodesHaveNoSharer() {
    JsonNode node = whois(ipv4("carol-laptop")).expect(200).json().get("Node");
    assertFalse(node.has("Sharer"), "Sharer is omitted when zero: " + node);
    assertEquals("carol-laptop", node.get("ComputedName").asText());
    assertEquals("carol-laptop", node.get("ComputedNameWithHost").asText());
  }

  @Test
  void autogroupMemberLeavesOutTheOwnerOfASharedInNode() {
    assertEquals(
        tree("[{\"member\":true}]"),
        whois(ipv4("alice-laptop")).expect(200).json().get("CapMap").get(MEMBER_CAP));
    JsonNode eve = whois(ipv4("eve-laptop")).expect(200).json();
    assertTrue(eve.get("CapMap").isNull(), eve.toString());
  }

  @Test
  void deviceListMarksOnlyTheSharedInDeviceExternal() {
    JsonNode devices = apiGet("/api/v2/tailnet/-/devices").expect(200).json().get("devices");
    int external = 0;
    for (JsonNode d : devices) {
      assertTrue(d.get("isExternal").isBoolean(), d.toString());
      if (d.get("hostname").asText().equals("eve-laptop")) {
        external++;
        assertTrue(d.get("isExternal").asBoolean());
        assertEquals("eve@partner.example", d.get("user").asText());
        assertEquals("eve-laptop.tail5678.ts.net", d.get("name").asText());
        assertEquals("", d.get("clientVersion").asText(), "empty for external devices");
        assertEquals("", d.get("created").asText(), "empty for external devices");
        assertEquals("", d.get("machineKey").asText(), "empty for external devices");
        assertFalse(d.has("tags"));
      } else {
        assertFalse(d.get("isExternal").asBoolean(), d.toString());
      }
    }
    assertEquals(1, external);
    assertEquals(
        List.of("eve-laptop"),
        hostnamesOf(apiGet("/api/v2/tailnet/-/devices?isExternal=true").expect(200).json()));
  }

  @Test
  void addingTheSharedInDeviceLeftTheOtherDevicesAddressesAlone() {
    assertEquals("100.64.0.1", ipv4("alice-laptop"));
    assertEquals("100.64.0.9", ipv4("tailgrant"));
    assertEquals("100.64.0.10", ipv4("eve-laptop"));
  }

  @Test
  void nodeSharedByItsOwnerHasNoSharer() {
    SimSeed seed =
        withDevices(
            new SimSeed.Device("eve-tablet", "eve@partner.example", List.of(), "iOS", null, null));
    SimDeviceView tablet = new TailnetState(seed, clock).device("eve-tablet");
    assertTrue(tablet.external());
    assertNull(tablet.sharer());
    assertEquals(
        "eve-tablet.tail1234.ts.net", tablet.fqdn(), "dnsSuffix defaults to this tailnet's");
  }

  @Test
  void seedRejectsSharingThatCannotHappen() {
    // A member's device is not shared in; a member cannot share another tailnet's node; shared-in
    // nodes are user-owned.
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new TailnetState(
                withDevices(
                    new SimSeed.Device(
                        "x",
                        "alice@example.com",
                        List.of(),
                        "linux",
                        "paul@partner.example",
                        null)),
                clock));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new TailnetState(
                withDevices(
                    new SimSeed.Device(
                        "x", "eve@partner.example", List.of(), "linux", "carol@example.com", null)),
                clock));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new TailnetState(
                withDevices(
                    new SimSeed.Device(
                        "x", "eve@partner.example", List.of("tag:ci"), "linux", null, null)),
                clock));
  }

  private static SimSeed withDevices(SimSeed.Device... extra) {
    SimSeed d = SimSeed.defaultSeed();
    List<SimSeed.Device> devices = new ArrayList<>(d.devices());
    devices.addAll(List.of(extra));
    return new SimSeed(
        d.tailnet(),
        d.dnsSuffix(),
        d.users(),
        d.groups(),
        devices,
        d.tagOwners(),
        d.oauthClients(),
        d.capabilities());
  }

  private static List<String> hostnamesOf(JsonNode listBody) {
    List<String> out = new ArrayList<>();
    listBody.get("devices").forEach(d -> out.add(d.get("hostname").asText()));
    return out;
  }
}
