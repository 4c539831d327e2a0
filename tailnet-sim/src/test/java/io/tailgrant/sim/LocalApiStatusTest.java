package io.tailgrant.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * LocalAPI GET /localapi/v0/status (ipnstate.Status) and the node's state set by
 * /sim/localapi/state.
 */
class LocalApiStatusTest extends SimFixture {

  private Resp status(String query) {
    return send(request("/localapi/v0/status" + query).header("Host", LOCAL_API_HOST));
  }

  private Resp setState(String body) {
    return send(request("/sim/localapi/state").post(json(body)));
  }

  @Test
  void statusIsTabIndentedPascalCaseJsonAboutTheTailGrantNode() {
    Resp r = status("").expect(200);
    assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
    assertTrue(r.body().contains("\n\t"), "pretty-printed with tabs");
    assertTrue(r.body().endsWith("\n"), "json.Encoder ends with a newline");

    JsonNode st = r.json();
    assertFalse(st.get("Version").asText().isEmpty());
    assertEquals("Running", st.get("BackendState").asText());
    assertFalse(st.get("TUN").asBoolean(), "userspace networking");
    assertEquals(List.of(ipv4("tailgrant"), ipv6("tailgrant")), texts(st.get("TailscaleIPs")));
    assertTrue(
        st.get("Health").isArray() && st.get("Health").isEmpty(), st.get("Health").toString());

    JsonNode self = st.get("Self");
    assertEquals(nodeId("tailgrant"), self.get("ID").asText());
    assertEquals(apiDevice("tailgrant").get("nodeKey").asText(), self.get("PublicKey").asText());
    assertEquals("tailgrant", self.get("HostName").asText());
    assertEquals("tailgrant.tail1234.ts.net.", self.get("DNSName").asText());
    assertEquals(List.of(ipv4("tailgrant"), ipv6("tailgrant")), texts(self.get("TailscaleIPs")));
    assertEquals(List.of("tag:tailgrant"), texts(self.get("Tags")));
    assertTrue(self.get("Online").asBoolean());
    assertTrue(self.get("InNetworkMap").asBoolean());

    JsonNode tailnet = st.get("CurrentTailnet");
    assertEquals("example.com", tailnet.get("Name").asText());
    assertEquals("tail1234.ts.net", tailnet.get("MagicDNSSuffix").asText());
    assertTrue(tailnet.get("MagicDNSEnabled").asBoolean());
    assertEquals("tail1234.ts.net", st.get("MagicDNSSuffix").asText());
  }

  @Test
  void peersAreKeyedByNodeKeyAndLeaveOutTheNodeItself() {
    JsonNode st = status("").expect(200).json();
    JsonNode peers = st.get("Peer");
    List<String> keys = new ArrayList<>();
    peers.fieldNames().forEachRemaining(keys::add);
    assertEquals(simDevices().size() - 1, keys.size());
    assertEquals(new ArrayList<>(new TreeSet<>(keys)), keys, "Go sorts map keys");
    for (String key : keys) {
      assertEquals(key, peers.get(key).get("PublicKey").asText());
      assertTrue(peers.get(key).get("DNSName").asText().endsWith("."), key);
    }
    assertFalse(peers.has(apiDevice("tailgrant").get("nodeKey").asText()));

    JsonNode alice = peers.get(apiDevice("alice-laptop").get("nodeKey").asText());
    assertEquals(
        List.of(ipv4("alice-laptop"), ipv6("alice-laptop")), texts(alice.get("TailscaleIPs")));
    assertEquals(
        "alice@example.com",
        st.get("User").get(alice.get("UserID").asText()).get("LoginName").asText());
    assertFalse(alice.has("AltSharerUserID"));
  }

  @Test
  void sharedInPeerNamesItsSharerAndBothProfilesAreListed() {
    JsonNode st = status("").expect(200).json();
    JsonNode eve = st.get("Peer").get(apiDevice("eve-laptop").get("nodeKey").asText());
    assertEquals(sim.state().userId("eve@partner.example"), eve.get("UserID").asLong());
    assertEquals(sim.state().userId("paul@partner.example"), eve.get("AltSharerUserID").asLong());
    assertEquals(
        "Eve Partner", st.get("User").get(eve.get("UserID").asText()).get("DisplayName").asText());
    assertEquals(
        "paul@partner.example",
        st.get("User").get(eve.get("AltSharerUserID").asText()).get("LoginName").asText());
  }

  @Test
  void peersFalseLeavesPeersOutButKeepsSelfAndItsUser() {
    for (String q : List.of("?peers=false", "?peers=0", "?peers=F")) {
      JsonNode st = status(q).expect(200).json();
      assertTrue(st.has("Peer") && st.get("Peer").isNull(), q + ": " + st.get("Peer"));
      assertEquals(nodeId("tailgrant"), st.get("Self").get("ID").asText());
      Set<String> users = new TreeSet<>();
      st.get("User").fieldNames().forEachRemaining(users::add);
      assertEquals(Set.of(st.get("Self").get("UserID").asText()), users, q);
      assertEquals(
          "tagged-devices",
          st.get("User").get(st.get("Self").get("UserID").asText()).get("LoginName").asText());
    }
    assertFalse(
        status("?peers=maybe").expect(200).json().get("Peer").isNull(), "not a bool: the default");
    assertFalse(status("?peers=true").expect(200).json().get("Peer").isNull());
  }

  @Test
  void statusRefusesBrowsersAndForeignHostsLikeWhois() {
    Resp foreign = send(request("/localapi/v0/status").header("Host", "evil.example")).expect(403);
    assertTrue(
        foreign.header("Content-Type").startsWith("text/plain"), foreign.header("Content-Type"));
    assertEquals("invalid localapi Host header", foreign.body().trim());
    send(request("/localapi/v0/status")).expect(403);
    Resp origin =
        send(request("/localapi/v0/status")
                .header("Host", LOCAL_API_HOST)
                .header("Origin", "http://evil.example"))
            .expect(403);
    assertEquals("invalid localapi request", origin.body().trim());
    send(request("/localapi/v0/status")
            .header("Host", LOCAL_API_HOST)
            .header("Referer", "http://evil.example/"))
        .expect(403);
  }

  @Test
  void loggedOutNodeHasNoNetmapSoWhoisFindsNoOne() {
    assertEquals(
        "NeedsLogin",
        setState("{\"state\":\"NeedsLogin\"}").expect(200).json().get("state").asText());
    JsonNode st = status("").expect(200).json();
    assertEquals("NeedsLogin", st.get("BackendState").asText());
    assertEquals(List.of("You are logged out."), texts(st.get("Health")));
    assertTrue(st.get("TailscaleIPs").isNull());
    assertTrue(st.get("CurrentTailnet").isNull());
    assertTrue(st.get("Peer").isNull());
    assertFalse(st.get("Self").get("InNetworkMap").asBoolean());
    assertFalse(st.get("Self").get("Online").asBoolean());

    assertEquals("no match for IP:port", whois(ipv4("alice-laptop")).expect(404).body().trim());

    setState("{\"state\":\"Running\"}").expect(200);
    whois(ipv4("alice-laptop")).expect(200);
  }

  @Test
  void stoppedNodeKeepsItsNetmapSoWhoisStillAnswers() {
    setState("{\"state\":\"Stopped\"}").expect(200);
    JsonNode st = status("").expect(200).json();
    assertEquals("Stopped", st.get("BackendState").asText());
    assertEquals(List.of("Tailscale is stopped."), texts(st.get("Health")));
    assertFalse(st.get("Self").get("Online").asBoolean(), "not polling control");
    assertEquals("example.com", st.get("CurrentTailnet").get("Name").asText());
    assertEquals(
        "alice@example.com",
        whois(ipv4("alice-laptop"))
            .expect(200)
            .json()
            .get("UserProfile")
            .get("LoginName")
            .asText());
  }

  @Test
  void everyIpnStateCanBeSetAndNothingElse() {
    for (String s : TailnetState.BACKEND_STATES) {
      setState("{\"state\":\"" + s + "\"}").expect(200);
      assertEquals(s, status("?peers=false").expect(200).json().get("BackendState").asText());
    }
    setState("{\"state\":\"Running\"}").expect(200);
    for (String bad :
        List.of(
            "{\"state\":\"running\"}",
            "{\"state\":\"Paused\"}",
            "{\"state\":3}",
            "{}",
            "not json")) {
      assertTrue(setState(bad).expect(400).json().get("message").isTextual(), bad);
    }
    assertEquals("Running", sim.state().backendState());
  }

  @Test
  void theSeedNamesWhichDeviceIsTheLocalApiNode() {
    SimSeed d = SimSeed.defaultSeed();
    SimSeed seed =
        new SimSeed(
            d.tailnet(),
            d.dnsSuffix(),
            d.users(),
            d.groups(),
            d.devices(),
            d.tagOwners(),
            d.oauthClients(),
            d.capabilities(),
            "ci-runner-1");
    try (SimulatedTailnet other = new SimulatedTailnet(seed, clock).start("127.0.0.1", 0)) {
      Resp r =
          send(new okhttp3.Request.Builder()
                  .url(other.baseUrl() + "/localapi/v0/status?peers=false")
                  .header("Host", LOCAL_API_HOST))
              .expect(200);
      assertEquals("ci-runner-1", r.json().get("Self").get("HostName").asText());
    }
  }
}
