package io.tailgrant.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** The Tailscale operator's ingress proxy (another pod) may vouch for the caller, and only it. */
class TrustedProxiesTest {
  static SimulatedTailnet sim;
  static CallerResolver behindIngress;

  /**
   * No proxy configured over TCP (the name is kept for what it was: loopback used to vouch
   * implicitly).
   */
  static CallerResolver loopbackOnly;

  @BeforeAll
  static void start() {
    sim = new SimulatedTailnet(SimSeed.defaultSeed(), Instant::now).start("127.0.0.1", 0);
    behindIngress =
        new CallerResolver(
            WhoIsClient.overTcp(sim.baseUrl()), true, false, List.of(Cidr.parse("10.42.0.0/16")));
    loopbackOnly = new CallerResolver(WhoIsClient.overTcp(sim.baseUrl()), true, false);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static String ip(String host) {
    return sim.state().device(host).addresses().get(0);
  }

  private static RequestFacts from(String peer, String forwardedFor) {
    return new RequestFacts(peer, 41234, forwardedFor, false, null);
  }

  @Test
  void aProxyInsideTheTrustedNetworkNamesTheCaller() {
    assertEquals(
        "alice@example.com", behindIngress.resolve(from("10.42.3.17", ip("alice-laptop"))).login());
  }

  @Test
  void loopbackVouchesOnlyWhenListed() {
    // A local user (or anything tailscaled forwards to loopback) is no proxy unless configured as
    // one.
    Refusal r =
        assertThrows(
            Refusal.class, () -> behindIngress.resolve(from("127.0.0.1", ip("bob-laptop"))));
    assertEquals(403, r.kind().httpStatus);
    assertTrue(r.getMessage().contains("server.trustedProxies"), r.getMessage());
  }

  @Test
  void aPeerOutsideTheTrustedNetworksIsIdentifiedByItsOwnAddress() {
    // 10.43.x is not a tailnet address, so WhoIs knows nobody there: refused, whatever the header
    // says.
    Refusal r =
        assertThrows(
            Refusal.class, () -> behindIngress.resolve(from("10.43.0.9", ip("carol-laptop"))));
    assertEquals(403, r.kind().httpStatus);
  }

  @Test
  void withoutTrustedProxiesNobodyVouchesOverTcp() {
    Refusal r =
        assertThrows(
            Refusal.class, () -> loopbackOnly.resolve(from("10.42.3.17", ip("alice-laptop"))));
    assertEquals(403, r.kind().httpStatus);
    assertEquals(
        403,
        assertThrows(
                Refusal.class, () -> loopbackOnly.resolve(from("127.0.0.1", ip("alice-laptop"))))
            .kind()
            .httpStatus);
  }

  @Test
  void aPeerOnTheUnixSocketVouchesUnlessForwardedForIsOff() {
    // Jetty reports a unix-socket peer as address "" and port -1; only tailscale serve reaches the
    // socket.
    RequestFacts overSocket = new RequestFacts("", -1, ip("alice-laptop"), false, null);
    assertEquals("alice@example.com", loopbackOnly.resolve(overSocket).login());
    CallerResolver off = new CallerResolver(WhoIsClient.overTcp(sim.baseUrl()), false, false);
    assertEquals(403, assertThrows(Refusal.class, () -> off.resolve(overSocket)).kind().httpStatus);
  }

  @Test
  void theProxyStillMayNotVouchForATaggedDeviceOrAHostName() {
    assertEquals(
        403,
        assertThrows(
                Refusal.class, () -> behindIngress.resolve(from("10.42.3.17", ip("prod-db-1"))))
            .kind()
            .httpStatus);
    assertEquals(
        403,
        assertThrows(Refusal.class, () -> behindIngress.resolve(from("10.42.3.17", "alice-laptop")))
            .kind()
            .httpStatus);
  }
}
