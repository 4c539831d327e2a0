package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.awaitStatus;
import static io.tailgrant.web.GrantRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.web.ApiClient.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ending a grant early and making it last longer. Each test uses its own device and attribute so
 * the others' grants never hold the attribute a test expects gone.
 */
class RevokeExtendTest extends ServerStackTest {
  static final String SSH = "custom:tailgrant_ssh_prod";

  @Test
  void requesterRevokesAndTheDeviceLosesTheAttribute() {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "ssh-prod");
    awaitStatus(alice, id, "active");
    assertNotNull(
        stack.device("alice-laptop").attributes().get(SSH), "active grant set the attribute");

    Answer revoked = alice.post("/api/v1/grants/" + id + "/revoke", Map.of("reason", "done early"));

    assertEquals(200, revoked.status(), revoked::toString);
    assertEquals("revoked", revoked.json().path("status").asText(), revoked::toString);
    assertNull(stack.device("alice-laptop").attributes().get(SSH), "revoke removed the attribute");
    Answer again = alice.post("/api/v1/grants/" + id + "/revoke", Map.of());
    assertEquals(409, again.status(), again::toString);
    assertEquals("wrong_state", again.error());
    assertEquals("revoked", GrantRequests.status(alice, id));
  }

  @Test
  void anApproverMayRevokeAPendingGrant() {
    String id = request(stack.as("alice-laptop"), "db-admin");

    Answer revoked =
        stack
            .as("erin-laptop")
            .post("/api/v1/grants/" + id + "/revoke", Map.of("reason", "wrong ticket"));

    assertEquals(200, revoked.status(), revoked::toString);
    assertEquals("revoked", revoked.json().path("status").asText(), revoked::toString);
  }

  @Test
  void anAdminMayRevokeSomeoneElsesGrant() {
    String id = request(stack.as("bob-laptop"), "db-admin");

    Answer revoked =
        stack
            .as("carol-laptop")
            .post("/api/v1/grants/" + id + "/revoke", Map.of("reason", "audit"));

    assertEquals(200, revoked.status(), revoked::toString);
    assertEquals("revoked", revoked.json().path("status").asText(), revoked::toString);
  }

  @Test
  void anUnrelatedUserCannotRevoke() {
    ApiClient bob = stack.as("bob-laptop");
    String id = request(bob, "db-admin");

    Answer byDave = stack.as("dave-laptop").post("/api/v1/grants/" + id + "/revoke", Map.of());

    assertEquals(404, byDave.status(), byDave::toString);
    assertEquals("pending_approval", GrantRequests.status(bob, id));
  }

  @Test
  void extendMovesTheEndAndTheAttributesExpiry() {
    ApiClient bob = stack.as("bob-laptop");
    String id = request(bob, "ssh-prod", null, "1h", "long migration");
    Instant before =
        Instant.parse(awaitStatus(bob, id, "active").json().path("expiresAt").asText());

    Answer extended = bob.post("/api/v1/grants/" + id + "/extend", Map.of("duration", "30m"));

    assertEquals(200, extended.status(), extended::toString);
    assertEquals("active", extended.json().path("status").asText());
    Instant after = Instant.parse(extended.json().path("expiresAt").asText());
    assertEquals(before.plus(Duration.ofMinutes(30)), after);
    assertEquals(
        after,
        stack.device("bob-laptop").attributes().get(SSH).expiry(),
        "the device's attribute now expires at the new end");
  }

  @Test
  void extendStopsAtMaxDurationAndThenConflicts() {
    ApiClient erin = stack.as("erin-laptop");
    String id = request(erin, "ssh-prod", null, "1h", "incident");
    Instant activatedAt =
        Instant.parse(awaitStatus(erin, id, "active").json().path("activatedAt").asText());

    Answer capped = erin.post("/api/v1/grants/" + id + "/extend", Map.of("duration", "9h"));
    assertEquals(200, capped.status(), capped::toString);
    assertEquals(
        activatedAt.plus(Duration.ofHours(8)),
        Instant.parse(capped.json().path("expiresAt").asText()));

    Answer more = erin.post("/api/v1/grants/" + id + "/extend", Map.of("duration", "1m"));
    assertEquals(409, more.status(), more::toString);
    assertEquals("wrong_state", more.error());
  }

  @Test
  void hugeExtensionIsCappedOrRefusedAsBadInput() {
    ApiClient bob = stack.as("bob-laptop");
    String id = request(bob, "db-admin");
    assertEquals(
        200, stack.as("erin-laptop").post("/api/v1/grants/" + id + "/approve", Map.of()).status());

    Answer huge = bob.post("/api/v1/grants/" + id + "/extend", Map.of("duration", "400000000000d"));

    assertTrue(
        huge.status() == 200 || (huge.status() == 400 && "bad_duration".equals(huge.error())),
        huge::toString);
  }

  @Test
  void extensionWithAnOverlongNumberIsABadDuration() {
    ApiClient bob = stack.as("bob-laptop");
    String id = request(bob, "db-admin");
    assertEquals(
        200, stack.as("erin-laptop").post("/api/v1/grants/" + id + "/approve", Map.of()).status());

    Answer huge =
        bob.post("/api/v1/grants/" + id + "/extend", Map.of("duration", "99999999999999999999d"));

    assertEquals(400, huge.status(), huge::toString);
    assertEquals("bad_duration", huge.error());
  }

  @Test
  void extendNeedsAValidDuration() {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "db-admin");
    assertEquals(
        200, stack.as("bob-laptop").post("/api/v1/grants/" + id + "/approve", Map.of()).status());

    Answer bad = alice.post("/api/v1/grants/" + id + "/extend", Map.of("duration", "abc"));
    assertEquals(400, bad.status(), bad::toString);
    assertEquals("bad_duration", bad.error());
    Answer missing = alice.post("/api/v1/grants/" + id + "/extend", Map.of());
    assertEquals(400, missing.status(), missing::toString);
    assertEquals("missing_field", missing.error());
  }

  @Test
  void onlyTheRequesterMayExtend() {
    String id = request(stack.as("alice-laptop"), "db-admin");
    assertEquals(
        200, stack.as("bob-laptop").post("/api/v1/grants/" + id + "/approve", Map.of()).status());

    Answer byApprover =
        stack.as("bob-laptop").post("/api/v1/grants/" + id + "/extend", Map.of("duration", "10m"));

    assertEquals(403, byApprover.status(), byApprover::toString);
    assertEquals("forbidden", byApprover.error());
  }

  @Test
  void aPendingGrantCannotBeExtended() {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "db-admin");

    Answer early = alice.post("/api/v1/grants/" + id + "/extend", Map.of("duration", "10m"));

    assertEquals(409, early.status(), early::toString);
  }
}
