package io.tailgrant.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.identity.CallerResolver;
import io.tailgrant.web.ApiClient.Answer;
import org.junit.jupiter.api.Test;

/** The identity gate as an HTTP client meets it, in production mode (no dev header). */
class IdentityOverHttpTest extends ServerStackTest {
  static void assertForbidden(Answer a) {
    assertEquals(403, a.status(), a::toString);
    assertEquals("forbidden", a.error(), a::toString);
    assertTrue(a.json().path("message").isTextual(), a::toString);
  }

  @Test
  void noIdentityAtAllIsRefused() {
    assertForbidden(stack.anonymous().get("/api/v1/me"));
    assertForbidden(
        stack.anonymous().post("/api/v1/grants", GrantRequests.body("ssh-prod", null, "1h", "x")));
  }

  @Test
  void devHeaderIsIgnoredOutsideDevMode() {
    assertForbidden(
        stack
            .anonymous()
            .header(CallerResolver.DEV_DEVICE_HEADER, "alice-laptop")
            .get("/api/v1/me"));

    Answer me =
        stack
            .as("dave-laptop")
            .header(CallerResolver.DEV_DEVICE_HEADER, "alice-laptop")
            .get("/api/v1/me");
    assertEquals(200, me.status(), me::toString);
    assertEquals("dave@example.com", me.json().path("login").asText());
  }

  @Test
  void funnelRequestsAreRefused() {
    assertForbidden(
        stack.as("alice-laptop").header("Tailscale-Funnel-Request", "?1").get("/api/v1/me"));
  }

  @Test
  void taggedNodesAreRefused() {
    assertForbidden(stack.as("prod-db-1").get("/api/v1/me"));
    assertForbidden(stack.as("ci-runner-1").get("/api/v1/grant-types"));
  }

  @Test
  void unknownAddressesAreRefused() {
    assertForbidden(stack.anonymous().header("X-Forwarded-For", "198.51.100.23").get("/api/v1/me"));
  }

  @Test
  void severalForwardedAddressesAreRefused() {
    assertForbidden(
        stack
            .anonymous()
            .header("X-Forwarded-For", stack.ip("alice-laptop") + ", " + stack.ip("bob-laptop"))
            .get("/api/v1/me"));
  }

  @Test
  void healthNeedsNoIdentity() {
    Answer a = stack.anonymous().get("/healthz");
    assertEquals(200, a.status(), a::toString);
    assertEquals("ok", a.json().path("status").asText());
  }
}
