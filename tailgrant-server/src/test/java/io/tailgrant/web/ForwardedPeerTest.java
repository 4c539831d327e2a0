package io.tailgrant.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.web.ApiClient.Answer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Userspace tailscaled forwards a tailnet peer's connection to any port `tailscale serve` does not
 * handle to 127.0.0.1, and tells WhoIs who is behind it. This stack trusts loopback as a proxy (the
 * worst case: serve on the same host over TCP): still, a forwarded peer is who tailscaled says,
 * whatever X-Forwarded-For it sends.
 */
class ForwardedPeerTest extends ServerStackTest {

  /**
   * A client whose connections reach the server through the simulated tailscaled as {@code device}.
   */
  static ApiClient forwardedAs(String device) {
    int port = stack.sim.forward(device, stack.app.port());
    return new ApiClient("http://127.0.0.1:" + port);
  }

  @Test
  void aForwardedPeerNamingAnApproverIsStillItself() {
    Answer me =
        forwardedAs("dave-laptop")
            .header("X-Forwarded-For", stack.ip("bob-laptop"))
            .get("/api/v1/me");

    assertEquals(200, me.status(), me::toString);
    assertEquals("dave@example.com", me.json().path("login").asText());
    assertNotEquals("bob@example.com", me.json().path("login").asText());
  }

  @Test
  void aForwardedPeerCannotApproveAsSomeoneElse() {
    String grant = GrantRequests.request(stack.as("alice-laptop"), "db-admin");

    Answer approve =
        forwardedAs("dave-laptop")
            .header("X-Forwarded-For", stack.ip("bob-laptop"))
            .post("/api/v1/grants/" + grant + "/approve", Map.of("comment", "as bob"));

    assertEquals(404, approve.status(), "dave may not even see alice's grant: " + approve);
    assertEquals("pending_approval", GrantRequests.status(stack.as("alice-laptop"), grant));
  }

  @Test
  void aForwardedAdminPeerIsTheAdminThemselves() {
    JsonNode me =
        forwardedAs("carol-laptop")
            .header("X-Forwarded-For", stack.ip("alice-laptop"))
            .get("/api/v1/me")
            .json();

    assertEquals("carol@example.com", me.path("login").asText());
  }
}
