package io.tailgrant.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.identity.CallerResolver;
import io.tailgrant.web.ApiClient.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** In dev mode a request may name a simulated device; it is still resolved through WhoIs. */
class DevIdentityOverHttpTest {
  static ServerTestStack stack;

  @BeforeAll
  static void start() {
    stack = ServerTestStack.startDevMode();
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  static ApiClient dev(String device) {
    return stack.anonymous().header(CallerResolver.DEV_DEVICE_HEADER, device);
  }

  @Test
  void devHeaderPicksTheCaller() {
    Answer me = dev("bob-laptop").get("/api/v1/me");

    assertEquals(200, me.status(), me::toString);
    assertEquals("bob@example.com", me.json().path("login").asText());
    assertTrue(me.json().path("devMode").asBoolean(false));
  }

  @Test
  void devHeaderMayNameANodeId() {
    Answer me = dev(stack.device("erin-laptop").nodeId()).get("/api/v1/me");

    assertEquals(200, me.status(), me::toString);
    assertEquals("erin@example.com", me.json().path("login").asText());
  }

  @Test
  void devHeaderStillRefusesTaggedAndUnknownDevices() {
    Answer tagged = dev("prod-db-1").get("/api/v1/me");
    assertEquals(403, tagged.status(), tagged::toString);
    Answer unknown = dev("no-such-laptop").get("/api/v1/me");
    assertEquals(403, unknown.status(), unknown::toString);
  }

  @Test
  void devCallerCanRequestAGrant() {
    String id = GrantRequests.request(dev("alice-laptop"), "ssh-prod");

    GrantRequests.awaitStatus(dev("alice-laptop"), id, "active");
  }
}
