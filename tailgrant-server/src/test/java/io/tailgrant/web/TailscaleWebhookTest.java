package io.tailgrant.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.config.HooksConfig;
import io.tailgrant.config.SecretRef;
import io.tailgrant.config.TailGrantConfig;
import io.tailgrant.config.TailscaleWebhookConfig;
import io.tailgrant.hooks.TailscaleWebhookSignature;
import io.tailgrant.web.ApiClient.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /hooks/tailscale} over HTTP: only signed, fresh, first-time, well-formed deliveries
 * of at most 1 MiB act, each refusal changes nothing, and it is the one path Funnel may reach.
 */
class TailscaleWebhookTest {
  static final String SECRET = "tswh-test-secret-never-in-a-response";
  static final String PATH = TailscaleHookRoutes.PATH;

  static ServerTestStack stack;

  @BeforeAll
  static void start() {
    stack = ServerTestStack.start(c -> withHooks(c, 1000));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  /** {@code c} receiving Tailscale's webhooks, signed with {@link #SECRET} from a file. */
  static TailGrantConfig withHooks(TailGrantConfig c, int perMinute) {
    Path secret;
    try {
      secret = Files.createTempFile("tailscale-webhook", ".secret");
      Files.writeString(secret, SECRET + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TailGrantConfig(
        c.source(),
        c.temporal(),
        c.tailscale(),
        c.server(),
        c.groups(),
        c.admins(),
        c.grantTypes(),
        c.reconcileInterval(),
        c.auditFile(),
        c.kubernetes(),
        c.operationsListen(),
        c.limits(),
        new HooksConfig(
            new TailscaleWebhookConfig(
                new SecretRef(secret.toString(), null), Set.of("auditor"), perMinute)),
        c.notifications(),
        c.liveGrantTypes());
  }

  static Instant now(ServerTestStack s) {
    return Instant.ofEpochMilli(s.env.currentTimeMillis());
  }

  /** One event as Tailscale sends it. */
  static Map<String, Object> event(Instant at, String type, Map<String, ?> data) {
    return Map.of(
        "timestamp",
        at.toString(),
        "version",
        1,
        "type",
        type,
        "tailnet",
        "example.com",
        "message",
        type + " by admin@example.com",
        "data",
        data);
  }

  /** A delivery's body: a JSON array of events (Tailscale batches them). */
  static String batch(List<Map<String, Object>> events) {
    try {
      return ApiClient.JSON.writeValueAsString(events);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String delivery(Instant at, String type, Map<String, ?> data) {
    return batch(List.of(event(at, type, data)));
  }

  static Answer post(ServerTestStack s, String body, String signature) {
    ApiClient c = s.anonymous();
    if (signature != null) {
      c = c.header(TailscaleWebhookSignature.HEADER, signature);
    }
    return c.post(PATH, body);
  }

  static String sign(String body, String secret, Instant at) {
    return TailscaleWebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8), secret, at);
  }

  static Answer deliver(String body) {
    return post(stack, body, sign(body, SECRET, now(stack)));
  }

  /** Alice's active grant, which a delivery that acts would revoke. */
  static String aliceActiveGrant() {
    ApiClient alice = stack.as("alice-laptop");
    String id = GrantRequests.request(alice, "ssh-prod");
    GrantRequests.awaitStatus(alice, id, "active");
    return id;
  }

  static String userDeleted(String login, Instant at) {
    return delivery(at, "userDeleted", Map.of("user", login, "actor", "admin@example.com"));
  }

  static void assertRefused(Answer a, int status, String error) {
    assertEquals(status, a.status(), a::toString);
    assertEquals(error, a.error(), a::toString);
    assertNotNull(a.json().path("message").asText(null), a::toString);
    assertFalse(a.body().contains(SECRET), "the secret never leaves: " + a);
  }

  @Test
  void forgedStaleAndUnsignedDeliveriesAreRefusedAndChangeNothing() {
    String alice = aliceActiveGrant();
    String body = userDeleted("alice@example.com", now(stack));

    assertRefused(
        post(stack, body, sign(body, "not-the-secret", now(stack))), 401, "bad_signature");
    assertRefused(post(stack, body, null), 401, "bad_signature");
    assertRefused(post(stack, body, "t=1,v1"), 401, "bad_signature");
    String tampered = body.replace("alice@example.com", "bob@example.com");
    assertRefused(post(stack, tampered, sign(body, SECRET, now(stack))), 401, "bad_signature");
    Instant sixMinutesAgo = now(stack).minus(Duration.ofMinutes(6));
    assertRefused(post(stack, body, sign(body, SECRET, sixMinutesAgo)), 401, "stale");
    Instant inTenMinutes = now(stack).plus(Duration.ofMinutes(10));
    assertRefused(post(stack, body, sign(body, SECRET, inTenMinutes)), 401, "stale");

    assertEquals("active", GrantRequests.status(stack.as("alice-laptop"), alice));
  }

  @Test
  void aReplayedDeliveryIsRefused() {
    String body = delivery(now(stack), "nodeCreated", Map.of("nodeID", "nNEW"));
    String signature = sign(body, SECRET, now(stack));

    assertEquals(200, post(stack, body, signature).status());
    assertRefused(post(stack, body, signature), 409, "replayed");
  }

  @Test
  void anOversizedDeliveryIsRefusedUnread() {
    String alice = aliceActiveGrant();
    // Valid and signed, but padded past 1 MiB with JSON whitespace.
    String body =
        "[" + " ".repeat(1 << 20) + userDeleted("alice@example.com", now(stack)).substring(1);
    assertTrue(body.length() > TailscaleHookRoutes.MAX_BODY_BYTES);

    Answer a;
    try {
      a = deliver(body);
    } catch (UncheckedIOException cutOff) {
      // The server answers 413 and closes without reading on: a client still uploading may see
      // the close before the answer. Either way it was refused unread.
      a = null;
    }
    if (a != null) {
      assertRefused(a, 413, "too_large");
    }
    assertEquals("active", GrantRequests.status(stack.as("alice-laptop"), alice));
  }

  @Test
  void unknownEventTypesAreAcknowledgedAndIgnored() {
    String body =
        delivery(now(stack), "nodeNeedsApproval", Map.of("nodeID", "nX", "deviceName", "x"));

    Answer a = deliver(body);

    assertEquals(200, a.status(), a::toString);
    assertEquals(1, a.json().path("events").asInt());
    assertEquals(0, a.json().path("acted").asInt());
  }

  @Test
  void malformedDeliveriesAre400AndChangeNothingEvenInPart() {
    String alice = aliceActiveGrant();
    Instant at = now(stack);
    assertRefused(deliver("{\"not\":\"an array\"}"), 400, "malformed");
    assertRefused(deliver("[{\"type\":\"userDeleted\""), 400, "malformed");
    // A batch whose second event lacks its user: the first is not acted on either.
    String halfGood =
        batch(
            List.of(
                event(at, "userDeleted", Map.of("user", "alice@example.com")),
                event(at, "userSuspended", Map.of("actor", "admin@example.com"))));
    assertRefused(deliver(halfGood), 400, "malformed");
    assertRefused(
        deliver(delivery(at, "userDeleted", Map.of("user", "a/../b@example.com"))),
        400,
        "malformed");
    assertRefused(
        deliver(delivery(at, "userRoleUpdated", Map.of("user", "alice@example.com"))),
        400,
        "malformed");

    assertEquals("active", GrantRequests.status(stack.as("alice-laptop"), alice));
  }

  @Test
  void aSignedUserDeletedEndsTheirGrantsOnceHoweverOftenItIsDelivered() {
    String alice = aliceActiveGrant();
    Instant at = now(stack);
    String body = userDeleted("alice@example.com", at);

    Answer first = deliver(body);
    assertEquals(200, first.status(), first::toString);
    assertEquals(1, first.json().path("started").asInt(), first::toString);
    Answer ended = GrantRequests.awaitStatus(stack.as("alice-laptop"), alice, "revoked");
    assertTrue(ended.body().contains("tailscale:userDeleted"), ended.body());

    // Tailscale retrying the same event (a new signature, later): acknowledged, not run again.
    Answer again = post(stack, body, sign(body, SECRET, now(stack).plusSeconds(1)));
    assertEquals(200, again.status(), again::toString);
    assertEquals(0, again.json().path("started").asInt(), again::toString);
    assertEquals(1, again.json().path("alreadyHandled").asInt(), again::toString);
  }

  @Test
  void aRoleChangeToARoleThatMayNotRequestOffboardsAnyOtherIsIgnored() {
    Instant at = now(stack);
    Answer member =
        deliver(
            delivery(
                at,
                "userRoleUpdated",
                Map.of(
                    "user",
                    "dave@example.com",
                    "oldRoles",
                    List.of("admin"),
                    "newRoles",
                    List.of("member"))));
    assertEquals(0, member.json().path("acted").asInt(), member::toString);
    Answer auditor =
        deliver(
            delivery(
                at,
                "userRoleUpdated",
                Map.of(
                    "user",
                    "dave@example.com",
                    "oldRoles",
                    List.of("member"),
                    "newRoles",
                    List.of("auditor"))));
    assertEquals(1, auditor.json().path("acted").asInt(), auditor::toString);
  }

  @Test
  void funnelReachesTheWebhookAndNothingElse() {
    ApiClient viaFunnel = stack.anonymous().header("Tailscale-Funnel-Request", "?1");
    String body = delivery(now(stack), "test", Map.of());
    Answer hook =
        viaFunnel
            .header(TailscaleWebhookSignature.HEADER, sign(body, SECRET, now(stack)))
            .post(PATH, body);
    assertEquals(200, hook.status(), hook::toString);

    ApiClient aliceViaFunnel = stack.as("alice-laptop").header("Tailscale-Funnel-Request", "?1");
    for (String path :
        List.of(
            "/",
            "/api/v1/me",
            "/api/v1/grants",
            "/api/v1alpha1/login",
            "/healthz",
            "/static/app.css",
            "/codec/decode",
            "/no/such/page",
            "/hooks/tailscale/",
            "/hooks/other")) {
      assertEquals(403, aliceViaFunnel.get(path).status(), "GET " + path + " through Funnel");
      assertEquals(
          403, aliceViaFunnel.post(path, "{}").status(), "POST " + path + " through Funnel");
    }
  }

  @Test
  void theWebhookIgnoresTheHostItWasSentTo() {
    // The dev server answers loopback names only; Tailscale may post to a Funnel name of its own
    // (not publicUrl's): for the webhook the signature is what counts.
    try (ServerTestStack dev = ServerTestStack.startDevMode(c -> withHooks(c, 1000))) {
      String body = delivery(now(dev), "test", Map.of());
      int hook =
          dev.anonymous()
              .header("Host", "tailgrant-hooks.tail1234.ts.net")
              .header(TailscaleWebhookSignature.HEADER, sign(body, SECRET, now(dev)))
              .rawStatus("POST", PATH, body);
      assertEquals(200, hook);
      int me =
          dev.anonymous()
              .header("Host", "tailgrant-hooks.tail1234.ts.net")
              .header("X-TailGrant-Dev-Device", "alice-laptop")
              .rawStatus("GET", "/api/v1/me", null);
      assertEquals(403, me, "every other path still checks the host");
    }
  }

  @Test
  void deliveriesOverTheRateAreRefusedEvenUnsigned() {
    try (ServerTestStack limited = ServerTestStack.start(c -> withHooks(c, 2))) {
      String body = delivery(now(limited), "test", Map.of());
      assertEquals(401, post(limited, body, null).status());
      assertEquals(200, post(limited, body, sign(body, SECRET, now(limited))).status());
      Answer third = post(limited, body, sign(body, SECRET, now(limited).plusSeconds(1)));
      assertRefused(third, 429, "too_many_deliveries");
      assertTrue(Integer.parseInt(third.header("Retry-After")) >= 1, third::toString);
    }
  }

  @Test
  void withoutHooksConfiguredTheRouteIsNotThere() {
    try (ServerTestStack plain = ServerTestStack.start()) {
      String body = delivery(now(plain), "test", Map.of());
      assertRefused(post(plain, body, sign(body, SECRET, now(plain))), 404, "not_found");
      assertEquals(
          404,
          plain.anonymous().header("Tailscale-Funnel-Request", "?1").post(PATH, body).status());
    }
  }
}
