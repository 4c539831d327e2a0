package io.tailgrant.web;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tailgrant.grant.Refusal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which Host a request may name: loopback in dev, the public URL's host in production. */
class HostCheckTest {
  private final HostCheck production =
      HostCheck.of(false, Optional.of("TailGrant.tail1234.ts.net"));
  private final HostCheck dev = HostCheck.of(true, Optional.of("tailgrant.tail1234.ts.net"));

  @Test
  void productionAnswersOnlyItsPublicHost() {
    assertDoesNotThrow(() -> production.check("tailgrant.tail1234.ts.net", null));
    assertDoesNotThrow(() -> production.check("tailgrant.tail1234.ts.net:443", null));
    assertDoesNotThrow(() -> production.check("TAILGRANT.tail1234.ts.net.", null));
    Refusal r = assertThrows(Refusal.class, () -> production.check("evil.example", null));
    assertEquals("wrong_host", r.code());
    assertEquals(403, r.kind().httpStatus);
    assertThrows(Refusal.class, () -> production.check(null, null));
  }

  @Test
  void aTrustedProxysForwardedHostWinsOverTheRewrittenHost() {
    // tailscale serve to a unix socket sends Host: localhost and the browser's host in
    // X-Forwarded-Host.
    assertDoesNotThrow(() -> production.check("localhost", "tailgrant.tail1234.ts.net"));
    assertThrows(
        Refusal.class, () -> production.check("tailgrant.tail1234.ts.net", "evil.example"));
  }

  @Test
  void devAnswersLoopbackNamesOnly() {
    assertDoesNotThrow(() -> dev.check("127.0.0.1:8080", null));
    assertDoesNotThrow(() -> dev.check("localhost:8080", null));
    assertDoesNotThrow(() -> dev.check("[::1]:8080", null));
    assertThrows(Refusal.class, () -> dev.check("tailgrant.tail1234.ts.net", null));
    assertThrows(Refusal.class, () -> dev.check("evil.example:8080", null));
  }

  @Test
  void withoutAPublicUrlProductionChecksNothing() {
    assertDoesNotThrow(() -> HostCheck.of(false, Optional.empty()).check("anything.example", null));
  }
}
