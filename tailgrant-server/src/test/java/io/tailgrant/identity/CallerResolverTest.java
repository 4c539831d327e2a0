package io.tailgrant.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.grant.Refusal;
import io.tailgrant.identity.CallerResolver.RequestFacts;
import io.tailgrant.sim.SimSeed;
import io.tailgrant.sim.SimulatedTailnet;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who a request comes from, against the simulated tailnet's LocalAPI: nothing forgeable is
 * believed.
 */
class CallerResolverTest {
  static SimulatedTailnet sim;
  static CallerResolver production;
  static CallerResolver dev;

  /** tailscale serve on this host, reaching the server over TCP loopback. */
  static final List<Cidr> LOOPBACK = List.of(Cidr.parse("127.0.0.1/32"), Cidr.parse("::1/128"));

  @BeforeAll
  static void start() {
    sim = new SimulatedTailnet(SimSeed.defaultSeed(), Instant::now).start("127.0.0.1", 0);
    production = new CallerResolver(WhoIsClient.overTcp(sim.baseUrl()), true, false, LOOPBACK);
    dev = new CallerResolver(WhoIsClient.overTcp(sim.baseUrl()), true, true, LOOPBACK);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  static String ip(String host) {
    return sim.state().device(host).addresses().get(0);
  }

  static RequestFacts from(String peerIp, String forwardedFor) {
    return new RequestFacts(peerIp, 41234, forwardedFor, false, null);
  }

  static void assertForbidden(CallerResolver resolver, RequestFacts facts) {
    Refusal r = assertThrows(Refusal.class, () -> resolver.resolve(facts));
    assertEquals(Refusal.Kind.FORBIDDEN, r.kind());
    assertEquals(403, r.kind().httpStatus);
  }

  @Test
  void behindServeTheForwardedAddressNamesTheCaller() {
    Caller c = production.resolve(from("127.0.0.1", ip("alice-laptop")));

    assertEquals("alice@example.com", c.login());
    assertEquals("Alice Example", c.displayName());
    assertEquals("alice-laptop", c.deviceName());
    assertEquals(sim.state().device("alice-laptop").nodeId(), c.nodeId());
  }

  @Test
  void ipv6LoopbackPeerIsTrustedToo() {
    assertEquals(
        "bob@example.com", production.resolve(from("0:0:0:0:0:0:0:1", ip("bob-laptop"))).login());
  }

  @Test
  void spoofedForwardedForFromATailnetPeerIsIgnored() {
    Caller c = production.resolve(from(ip("bob-laptop"), ip("alice-laptop")));

    assertEquals("bob@example.com", c.login(), "the TCP peer is who asked");
    assertNotEquals("alice@example.com", c.login());
  }

  @Test
  void spoofedForwardedForFromAnUnknownPeerIsRefused() {
    assertForbidden(production, from("192.0.2.10", ip("alice-laptop")));
    assertForbidden(production, from("100.64.0.200", ip("alice-laptop")));
  }

  @Test
  void directIpv6TailnetPeerIsIdentified() {
    String bobV6 = sim.state().device("bob-laptop").addresses().get(1);

    assertEquals("bob@example.com", production.resolve(from(bobV6, ip("alice-laptop"))).login());
  }

  /**
   * Jetty 12 reports an IPv6 peer in brackets ({@code ctx.req().getRemoteAddr()} gives {@code
   * [0:0:0:0:0:0:0:1]} for ::1), and CallerResolver brackets it again.
   */
  @Test
  void directIpv6PeerAsJettyReportsItIsIdentified() {
    String bobV6 = "[" + sim.state().device("bob-laptop").addresses().get(1) + "]";

    assertEquals("bob@example.com", production.resolve(from(bobV6, null)).login());
  }

  @Test
  void aConnectionTailscaledKnowsIsTheCallerEvenFromATrustedNetwork() {
    // Someone lists the tailnet's own range as a proxy network: still, the connection's own WhoIs
    // wins.
    CallerResolver careless =
        new CallerResolver(
            WhoIsClient.overTcp(sim.baseUrl()),
            true,
            false,
            List.of(Cidr.parse("100.64.0.0/10"), Cidr.parse("127.0.0.1/32")));

    assertEquals(
        "bob@example.com", careless.resolve(from(ip("bob-laptop"), ip("alice-laptop"))).login());
  }

  @Test
  void theDevHeaderCannotOverrideAConnectionTailscaledKnows() {
    Caller c = dev.resolve(new RequestFacts(ip("dave-laptop"), 41234, null, false, "bob-laptop"));

    assertEquals("dave@example.com", c.login());
  }

  @Test
  void forwardedForIsIgnoredWhenNotTrusted() {
    CallerResolver untrusting =
        new CallerResolver(WhoIsClient.overTcp(sim.baseUrl()), false, false);

    assertForbidden(untrusting, from("127.0.0.1", ip("alice-laptop")));
    assertEquals(
        "bob@example.com", untrusting.resolve(from(ip("bob-laptop"), ip("alice-laptop"))).login());
  }

  @Test
  void forwardedForWithSeveralAddressesIsRefused() {
    assertForbidden(production, from("127.0.0.1", ip("alice-laptop") + ", " + ip("bob-laptop")));
  }

  @Test
  void funnelRequestsAreRefusedWhateverElseTheySay() {
    assertForbidden(
        production, new RequestFacts("127.0.0.1", 41234, ip("alice-laptop"), true, null));
    assertForbidden(dev, new RequestFacts("127.0.0.1", 41234, null, true, "alice-laptop"));
  }

  @Test
  void taggedDevicesAreRefused() {
    Refusal r =
        assertThrows(Refusal.class, () -> production.resolve(from("127.0.0.1", ip("prod-db-1"))));

    assertEquals(Refusal.Kind.FORBIDDEN, r.kind());
    assertTrue(r.getMessage().contains("tag:prod-db"), r.getMessage());
    assertForbidden(production, from(ip("ci-runner-1"), null));
  }

  @Test
  void strangersAreRefused() {
    assertForbidden(production, from("127.0.0.1", null));
    assertForbidden(production, from("127.0.0.1", ""));
    assertForbidden(production, from("127.0.0.1", "203.0.113.7"));
    assertForbidden(production, from("127.0.0.1", "not an address"));
  }

  @Test
  void devHeaderIsIgnoredOutsideDevMode() {
    assertForbidden(production, new RequestFacts("127.0.0.1", 41234, null, false, "alice-laptop"));
    Caller c =
        production.resolve(
            new RequestFacts("127.0.0.1", 41234, ip("bob-laptop"), false, "alice-laptop"));
    assertEquals("bob@example.com", c.login());
  }

  @Test
  void devHeaderNamesADeviceInDevMode() {
    assertEquals(
        "alice@example.com",
        dev.resolve(new RequestFacts("127.0.0.1", 41234, null, false, "alice-laptop")).login());
    String bobNode = sim.state().device("bob-laptop").nodeId();
    assertEquals(
        "bob@example.com",
        dev.resolve(new RequestFacts("127.0.0.1", 41234, null, false, bobNode)).login());
    assertForbidden(dev, new RequestFacts("127.0.0.1", 41234, null, false, "prod-db-1"));
    assertForbidden(dev, new RequestFacts("127.0.0.1", 41234, null, false, "nobody-laptop"));
  }

  @Test
  void appCapabilitiesFromWhoIsReachTheCaller() {
    Caller bob = production.resolve(from("127.0.0.1", ip("bob-laptop")));

    assertEquals(
        "cluster-admin",
        bob.capabilities().get("example.com/cap/tka").get(0).path("role").asText());
    assertTrue(production.resolve(from("127.0.0.1", ip("dave-laptop"))).capabilities().isEmpty());
  }

  @Test
  void unreachableLocalApiRefusesInsteadOfFailing() {
    SimulatedTailnet gone =
        new SimulatedTailnet(SimSeed.defaultSeed(), Instant::now).start("127.0.0.1", 0);
    String url = gone.baseUrl();
    gone.close();
    CallerResolver blind = new CallerResolver(WhoIsClient.overTcp(url), true, false, LOOPBACK);

    assertForbidden(blind, from("127.0.0.1", ip("alice-laptop")));
  }
}
