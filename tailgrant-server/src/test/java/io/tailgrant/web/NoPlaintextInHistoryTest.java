package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.awaitStatus;
import static io.tailgrant.web.GrantRequests.request;
import static io.tailgrant.web.KubeAssertions.parseYaml;
import static io.tailgrant.web.KubeAssertions.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.temporal.PayloadEncryption;
import io.tailgrant.web.ApiClient.Answer;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.converter.DataConverter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What Temporal stores is ciphertext: the history of a kubernetes grant whose kubeconfig was
 * fetched holds neither the token nor the kubeconfig nor the reason in the clear, and every payload
 * in it is sealed by the AES-GCM codec. Search attributes are not payload-encoded by Temporal (they
 * are indexed), so the requester's login is looked for in payloads only.
 */
class NoPlaintextInHistoryTest extends ServerStackTest {
  static final String ALICE = "alice@example.com";
  static final java.util.Set<String> SDK_MARKER_DETAILS =
      java.util.Set.of("activityId", "type", "time", "meta");

  static History history(String workflowId) {
    return stack.env.getWorkflowClient().fetchHistory(workflowId).getHistory();
  }

  /**
   * Every Payload in {@code message}, except those of search attributes and the SDK's own marker
   * bookkeeping, which it writes with its standard converter: a version marker's change id (a
   * constant such as "worker-rules") and a local activity's id, type, time and metadata. A local
   * activity's input and result are ours, and sealed.
   */
  static List<Payload> payloads(Message message) {
    List<Payload> out = new ArrayList<>();
    collect(message, out);
    return out;
  }

  private static void collect(Message m, List<Payload> out) {
    if (m instanceof Payload p) {
      out.add(p);
      return;
    }
    if (m instanceof SearchAttributes) {
      return;
    }
    if (m instanceof io.temporal.api.history.v1.MarkerRecordedEventAttributes marker) {
      if (marker.getMarkerName().equals("Version")) {
        return;
      }
      marker
          .getDetailsMap()
          .forEach(
              (key, value) -> {
                if (!SDK_MARKER_DETAILS.contains(key)) {
                  collect(value, out);
                }
              });
      if (marker.hasFailure()) {
        collect(marker.getFailure(), out);
      }
      return;
    }
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      if (e.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (e.getKey().isRepeated()) {
        for (Object o : (List<?>) e.getValue()) {
          collect((Message) o, out);
        }
      } else {
        collect((Message) e.getValue(), out);
      }
    }
  }

  static String raw(History history) {
    return new String(history.toByteArray(), StandardCharsets.ISO_8859_1);
  }

  static String utf8(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  /**
   * Every payload decoded with the client's codec and shown as text: what the history really
   * carries.
   */
  static String decoded(List<Payload> payloads) {
    DataConverter converter = stack.env.getWorkflowClient().getOptions().getDataConverter();
    StringBuilder all = new StringBuilder();
    for (Payload p : payloads) {
      try {
        all.append(converter.fromPayload(p, JsonNode.class, JsonNode.class)).append('\n');
      } catch (RuntimeException e) {
        // not JSON (e.g. binary/null): nothing to read
      }
    }
    return all.toString();
  }

  static void assertAllEncrypted(List<Payload> payloads, String where) {
    assertFalse(payloads.isEmpty(), where + " has payloads");
    for (Payload p : payloads) {
      assertEquals(
          PayloadEncryption.ENCODING,
          p.getMetadataOrThrow("encoding").toStringUtf8(),
          () -> where + ": a payload is not encrypted: " + p);
      assertTrue(
          p.getMetadataMap().containsKey(PayloadEncryption.KEY_ID),
          () -> where + ": no key id on " + p);
      assertEquals(
          2,
          p.getMetadataCount(),
          () -> where + ": metadata carries only encoding and key id: " + p);
    }
  }

  static String json(Payload p) {
    try {
      return com.google.protobuf.util.JsonFormat.printer()
          .omittingInsignificantWhitespace()
          .print(p);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  static void assertNotIn(String haystack, String needle, String what) {
    assertFalse(
        haystack.contains(utf8(needle)), () -> what + " ('" + needle + "') is stored in the clear");
  }

  @Test
  void kubernetesGrantHistoryHoldsNoTokenKubeconfigOrReason() {
    String reason = "investigate crashloop in payments-api NEEDLE-r7k2";
    String revokeReason = "done with payments NEEDLE-v9m4";
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "k8s-view", null, "1h", reason);
    awaitStatus(alice, id, "active");
    Answer k = alice.get("/api/v1/grants/" + id + "/kubeconfig");
    assertEquals(200, k.status(), k::toString);
    String token = token(parseYaml(k.body()));
    assertEquals(
        200,
        alice.post("/api/v1/grants/" + id + "/revoke", Map.of("reason", revokeReason)).status());

    History history = history(GrantIds.grantWorkflowId(id));

    // The history did carry the reasons, sealed: decoding its payloads with the payload key finds
    // them. The kubeconfig travelled sealed to the asking request's one-time key: even decoded, no
    // token.
    List<Payload> payloads = payloads(history);
    String plain = decoded(payloads);
    for (String secret : List.of(reason, revokeReason, ALICE)) {
      assertTrue(plain.contains(secret), () -> "the decoded history should carry '" + secret + "'");
    }
    assertNotIn(plain, token, "the token, with the payload key");
    assertNotIn(plain, token.substring(4), "the token's random part, with the payload key");
    assertNotIn(plain, "current-context", "a kubeconfig field, with the payload key");
    for (Payload p : payloads) {
      Answer opened =
          stack.as("carol-laptop").post("/codec/decode", "{\"payloads\":[" + json(p) + "]}");
      assertEquals(200, opened.status(), opened::toString);
      String shown =
          new String(
              java.util.Base64.getDecoder()
                  .decode(opened.json().get("payloads").get(0).path("data").asText("")),
              StandardCharsets.UTF_8);
      assertFalse(
          shown.contains(token) || shown.contains(token.substring(4)),
          "the codec endpoint showed an admin alice's live token");
    }
    assertTrue(
        history.getEventsList().stream()
            .anyMatch(
                e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED),
        "the kubeconfig Update is in the history");
    assertTrue(
        history.getEventsList().stream()
            .anyMatch(
                e ->
                    e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
                        && e.getActivityTaskScheduledEventAttributes()
                            .getActivityType()
                            .getName()
                            .equals("MintKubeconfig")),
        "the kubeconfig was minted by an activity of this workflow");

    String bytes = raw(history);
    assertTrue(
        bytes.contains(utf8(ALICE)) && bytes.contains("TailGrantRequester"),
        "control: the requester search attribute is stored in the clear, so the raw bytes are really searched");
    assertNotIn(bytes, token, "the token");
    assertNotIn(bytes, token.substring(4), "the token's random part");
    assertNotIn(bytes, "current-context", "a kubeconfig field");
    assertNotIn(bytes, "certificate-authority-data", "a kubeconfig field");
    assertNotIn(bytes, "kind: Config", "the kubeconfig");
    assertNotIn(bytes, reason, "the reason");
    assertNotIn(bytes, "NEEDLE-r7k2", "part of the reason");
    assertNotIn(bytes, revokeReason, "the revoke reason");
    assertNotIn(bytes, "Alice Example", "the requester's display name");
    assertNotIn(bytes, "token valid until", "the timeline");
    assertAllEncrypted(payloads, "grant/" + id);
    for (Payload p : payloads) {
      String data = new String(p.getData().toByteArray(), StandardCharsets.ISO_8859_1);
      assertFalse(data.contains(ALICE), "alice's login is in a payload in the clear");
      assertFalse(data.contains(token), "the token is in a payload in the clear");
    }
  }

  @Test
  void everyKindOfEventPayloadIsSealed() {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "k8s-admin", null, "30m", "patch admission webhook NEEDLE-a1b2");
    assertEquals(
        200,
        stack
            .as("bob-laptop")
            .post("/api/v1/grants/" + id + "/approve", Map.of("comment", "looks right NEEDLE-c3d4"))
            .status());
    assertEquals(200, alice.get("/api/v1/grants/" + id + "/kubeconfig").status());
    assertEquals(
        200, alice.post("/api/v1/grants/" + id + "/extend", Map.of("duration", "10m")).status());
    assertEquals(
        200, alice.post("/api/v1/grants/" + id + "/revoke", Map.of("reason", "finished")).status());

    for (String workflowId :
        List.of(GrantIds.grantWorkflowId(id), GrantIds.approvalWorkflowId(id))) {
      History history = history(workflowId);
      String bytes = raw(history);
      assertNotIn(bytes, "NEEDLE-a1b2", workflowId + ": the reason");
      assertNotIn(bytes, "NEEDLE-c3d4", workflowId + ": the approver's comment");
      assertAllEncrypted(payloads(history), workflowId);
      for (HistoryEvent e : history.getEventsList()) {
        for (Payload p : payloads(e)) {
          String data = new String(p.getData().toByteArray(), StandardCharsets.ISO_8859_1);
          assertFalse(
              data.contains(ALICE) || data.contains("bob@example.com"),
              () -> workflowId + ": a login in the clear in " + e.getEventType());
        }
      }
    }
  }

  @Test
  void theDirectoryHistoryHoldsNoReasonEither() {
    ApiClient alice = stack.as("alice-laptop");
    String id = request(alice, "k8s-view", null, "1h", "audit service accounts NEEDLE-d5e6");
    awaitStatus(alice, id, "active");
    assertEquals(200, alice.get("/api/v1/grants/" + id + "/kubeconfig").status());
    ListViewsTest.awaitListed("alice-laptop", "mine", id);

    History history = history(GrantIds.DIRECTORY_WORKFLOW_ID);

    String bytes = raw(history);
    assertTrue(
        decoded(payloads(history)).contains("NEEDLE-d5e6"),
        "the directory did learn the reason, sealed");
    assertNotIn(bytes, "NEEDLE-d5e6", "the reason");
    assertNotIn(bytes, "token valid until", "the timeline");
    assertAllEncrypted(payloads(history), "directory");
  }
}
