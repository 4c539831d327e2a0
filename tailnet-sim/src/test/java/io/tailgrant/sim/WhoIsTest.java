package io.tailgrant.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LocalAPI GET /localapi/v0/whois: Host and browser checks, PascalCase body, CapMap from grants.
 */
class WhoIsTest extends SimFixture {

  @Test
  void whoisByIpv4ReturnsPascalCaseNodeAndUserProfile() {
    Resp r = whois(ipv4("alice-laptop")).expect(200);
    assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
    assertTrue(r.body().contains("\n\t"), "pretty-printed with tabs");

    JsonNode node = r.json().get("Node");
    assertTrue(node.get("ID").isIntegralNumber(), node.toString());
    assertEquals(apiDevice("alice-laptop").get("id").asLong(), node.get("ID").asLong());
    assertEquals(nodeId("alice-laptop"), node.get("StableID").asText());
    assertEquals("alice-laptop.tail1234.ts.net.", node.get("Name").asText());
    assertEquals(
        List.of(ipv4("alice-laptop") + "/32", ipv6("alice-laptop") + "/128"),
        texts(node.get("Addresses")));
    assertFalse(node.has("Tags"), "user-owned nodes have no Tags");

    JsonNode profile = r.json().get("UserProfile");
    assertEquals("alice@example.com", profile.get("LoginName").asText());
    assertEquals("Alice Example", profile.get("DisplayName").asText());
    assertEquals(node.get("User").asLong(), profile.get("ID").asLong());
  }

  @Test
  void whoisAcceptsIpPortForm() {
    JsonNode w = whois(ipv4("bob-laptop") + ":54321").expect(200).json();
    assertEquals("bob@example.com", w.get("UserProfile").get("LoginName").asText());
  }

  @Test
  void whoisAcceptsIpv6AndBracketedIpv6Port() {
    assertEquals(
        nodeId("erin-laptop"),
        whois(ipv6("erin-laptop")).expect(200).json().get("Node").get("StableID").asText());
    assertEquals(
        nodeId("erin-laptop"),
        whois("[" + ipv6("erin-laptop") + "]:443")
            .expect(200)
            .json()
            .get("Node")
            .get("StableID")
            .asText());
  }

  @Test
  void whoisNormalisesIpv4MappedIpv6() {
    JsonNode w = whois("::ffff:" + ipv4("dave-laptop")).expect(200).json();
    assertEquals("dave@example.com", w.get("UserProfile").get("LoginName").asText());
  }

  @Test
  void foreignHostHeaderGets403PlainText() {
    Resp r =
        send(request("/localapi/v0/whois?addr=" + ipv4("alice-laptop")).header("Host", "other"))
            .expect(403);
    assertTrue(r.header("Content-Type").startsWith("text/plain"), r.header("Content-Type"));
    assertFalse(r.body().contains("alice"));
  }

  @Test
  void defaultHostHeaderOfTheTcpListenerGets403() {
    send(request("/localapi/v0/whois?addr=" + ipv4("alice-laptop"))).expect(403);
  }

  @Test
  void originHeaderGets403() {
    send(whoisRequest(ipv4("alice-laptop")).header("Origin", "http://evil.example")).expect(403);
  }

  @Test
  void refererHeaderGets403() {
    send(whoisRequest(ipv4("alice-laptop")).header("Referer", "http://evil.example/page"))
        .expect(403);
  }

  @Test
  void unknownAddressGets404PlainText() {
    Resp r = whois("100.99.99.99").expect(404);
    assertTrue(r.header("Content-Type").startsWith("text/plain"), r.header("Content-Type"));
    assertEquals("no match for IP:port", r.body().trim());
  }

  @Test
  void missingAddrGets400PlainText() {
    Resp r = send(request("/localapi/v0/whois").header("Host", LOCAL_API_HOST)).expect(400);
    assertTrue(r.header("Content-Type").startsWith("text/plain"), r.header("Content-Type"));
    assertEquals("missing 'addr' parameter", r.body().trim());
  }

  @Test
  void sreMemberBobGetsAdminTkaCapability() {
    JsonNode w = whois(ipv4("bob-laptop")).expect(200).json();
    assertEquals(
        tree("[{\"role\":\"cluster-admin\",\"period\":\"2h\",\"priority\":20}]"),
        w.get("CapMap").get("example.com/cap/tka"));
    assertEquals(List.of("group:sre"), texts(w.get("UserProfile").get("Groups")));
  }

  @Test
  void aliceGetsViewerTkaCapability() {
    JsonNode w = whois(ipv4("alice-laptop")).expect(200).json();
    assertEquals(
        tree("[{\"role\":\"view\",\"period\":\"1h\",\"priority\":10}]"),
        w.get("CapMap").get("example.com/cap/tka"));
  }

  @Test
  void graceGetsTailGrantsOwnRolesCapabilityAsOneValuePerGrant() {
    JsonNode w = whois(ipv4("grace-laptop")).expect(200).json();
    assertEquals(
        tree(
            "[{\"requester\":[\"ssh-prod\"],"
                + "\"approver\":[\"db-admin\",\"db-migrate\",\"db-schema\"]}]"),
        w.get("CapMap").get("example.com/cap/tailgrant"));
    assertTrue(w.get("CapMap").path("example.com/cap/tka").isMissingNode(), w.toString());
    // frank's value is malformed on purpose: the simulator passes it through as Tailscale would
    assertEquals(
        tree("[{\"approver\":\"db-admin\"}]"),
        whois(ipv4("frank-laptop"))
            .expect(200)
            .json()
            .get("CapMap")
            .get("example.com/cap/tailgrant"));
  }

  @Test
  void daveWithoutGrantsHasNullCapMap() {
    JsonNode w = whois(ipv4("dave-laptop")).expect(200).json();
    assertTrue(w.has("CapMap"));
    assertTrue(w.get("CapMap").isNull(), w.toString());
  }

  @Test
  void taggedProdDbAnswersTaggedDevices() {
    JsonNode w = whois(ipv4("prod-db-1")).expect(200).json();
    assertEquals("tagged-devices", w.get("UserProfile").get("LoginName").asText());
    assertEquals("Tagged Devices", w.get("UserProfile").get("DisplayName").asText());
    assertEquals(List.of("tag:prod-db"), texts(w.get("Node").get("Tags")));
    assertTrue(w.get("CapMap").isNull(), w.toString());
  }

  @Test
  void capabilitiesOfTaggedNodeAreComputedWithoutALogin() {
    assertTrue(sim.state().capabilitiesFor(null, List.of("tag:prod-db")).isEmpty());
  }

  @Test
  void whoisByNodeKeyFindsTheDevice() {
    String nodeKey = apiDevice("bob-laptop").get("nodeKey").asText();
    JsonNode w = whois(nodeKey).expect(200).json();
    assertEquals(nodeId("bob-laptop"), w.get("Node").get("StableID").asText());
    assertEquals(nodeKey, w.get("Node").get("Key").asText());
  }
}
