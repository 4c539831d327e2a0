package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.awaitStatus;
import static io.tailgrant.web.GrantRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.sim.SimDeviceView;
import io.tailgrant.web.ApiClient.Answer;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/grants/{id}/auth-key: an auth-key grant's key for its requester, the first time only
 * (410 afterwards), nobody else ever, never in the timeline and never readable through /codec.
 */
class AuthKeyApiTest extends ServerStackTest {
  static String path(String id) {
    return "/api/v1/grants/" + id + "/auth-key";
  }

  /** The part of a key that is secret: what must never show up anywhere but the one answer. */
  static String secret(String key) {
    return key.substring(key.lastIndexOf('-') + 1);
  }

  @Test
  void theRequesterGetsTheKeyOnceAndThen410() {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "ci-join", null, "30m", null);
    Instant expiresAt =
        Instant.parse(awaitStatus(alice, id, "active").json().path("expiresAt").asText());

    Answer first = alice.get(path(id));
    assertEquals(200, first.status(), first::toString);
    assertEquals("no-store", first.header("Cache-Control"));
    String key = first.json().path("key").asText();
    assertTrue(key.startsWith("tskey-auth-"), first::toString);
    // Tailscale counts a key's expiry in whole seconds: it ends with the grant, never after.
    Instant keyEnds = Instant.parse(first.json().path("expiresAt").asText());
    assertFalse(keyEnds.isAfter(expiresAt), keyEnds + " after " + expiresAt);
    assertTrue(keyEnds.isAfter(expiresAt.minusSeconds(2)), keyEnds + " well before " + expiresAt);

    Answer second = alice.get(path(id));
    assertEquals(410, second.status(), second::toString);
    assertFalse(second.body().contains(secret(key)));

    SimDeviceView joined = stack.sim.state().join(key, "ci-build-" + id.substring(2, 8));
    assertEquals(List.of("tag:ci"), joined.tags());
    Answer grant = alice.get("/api/v1/grants/" + id);
    assertFalse(grant.body().contains(secret(key)), "the timeline never shows the key");
  }

  @Test
  void nobodyElseEverGetsTheKeyNotEvenAnAdmin() {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "ci-join", null, "30m", null);
    awaitStatus(alice, id, "active");
    for (String device : new String[] {"bob-laptop", "carol-laptop", "dave-laptop"}) {
      Answer a = stack.as(device).get(path(id));
      assertFalse(a.status() == 200, () -> device + ": " + a);
      assertFalse(a.body().contains("tskey-auth-"), () -> device + ": " + a);
    }
    Answer unidentified = new ApiClient(stack.baseUrl).get(path(id));
    assertFalse(unidentified.status() == 200, unidentified::toString);
    // Their asking took nothing away from the requester.
    Answer mine = alice.get(path(id));
    assertEquals(200, mine.status(), mine::toString);
  }

  @Test
  void otherKindsHaveNoKey() {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "ssh-prod", null, "30m", "incident 7");
    awaitStatus(alice, id, "active");
    Answer a = alice.get(path(id));
    assertEquals(409, a.status(), a::toString);
    assertEquals("not_auth_key", a.error());
  }

  @Test
  void theCodecEndpointNeverOpensTheKey() throws Exception {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "ci-join", null, "30m", null);
    awaitStatus(alice, id, "active");
    String key = alice.get(path(id)).json().path("key").asText();
    assertTrue(key.startsWith("tskey-auth-"));

    List<HistoryEvent> events =
        stack.env.getWorkflowClient().fetchHistory(GrantIds.grantWorkflowId(id)).getEvents();
    int decoded = 0;
    for (HistoryEvent e : events) {
      for (Payloads p : payloadsOf(e)) {
        Answer opened =
            stack.as("carol-laptop").post("/codec/decode", JsonFormat.printer().print(p));
        assertEquals(200, opened.status(), opened::toString);
        for (var payload : opened.json().path("payloads")) {
          String data =
              new String(Base64.getDecoder().decode(payload.path("data").asText()), "UTF-8");
          assertFalse(data.contains(secret(key)), "the codec opened the key: " + e.getEventType());
        }
        decoded++;
      }
    }
    assertTrue(decoded > 0, "the history had payloads to decode");
  }

  /** Every payload list an event carries that could hold the key: inputs, results, updates. */
  private static List<Payloads> payloadsOf(HistoryEvent e) {
    List<Payloads> out = new java.util.ArrayList<>();
    if (e.hasActivityTaskCompletedEventAttributes()) {
      out.add(e.getActivityTaskCompletedEventAttributes().getResult());
    }
    if (e.hasActivityTaskScheduledEventAttributes()) {
      out.add(e.getActivityTaskScheduledEventAttributes().getInput());
    }
    if (e.hasWorkflowExecutionUpdateCompletedEventAttributes()
        && e.getWorkflowExecutionUpdateCompletedEventAttributes().getOutcome().hasSuccess()) {
      out.add(e.getWorkflowExecutionUpdateCompletedEventAttributes().getOutcome().getSuccess());
    }
    if (e.hasWorkflowExecutionUpdateAcceptedEventAttributes()) {
      out.add(
          e.getWorkflowExecutionUpdateAcceptedEventAttributes()
              .getAcceptedRequest()
              .getInput()
              .getArgs());
    }
    return out.stream().filter(p -> p.getPayloadsCount() > 0).toList();
  }
}
