package io.tailgrant.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.web.ApiClient.Answer;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Temporal's remote codec protocol at /codec: admins read encrypted payloads in the Temporal UI.
 */
class CodecEndpointTest {
  static final String UI_ORIGIN = "http://localhost:8233";
  static ServerTestStack stack;

  @BeforeAll
  static void start() {
    stack = ServerTestStack.start();
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  private static String plainPayloads(String json) {
    String b64 = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    String enc = Base64.getEncoder().encodeToString("json/plain".getBytes(StandardCharsets.UTF_8));
    return "{\"payloads\":[{\"metadata\":{\"encoding\":\""
        + enc
        + "\"},\"data\":\""
        + b64
        + "\"}]}";
  }

  private static String data(Answer a, int i) {
    return new String(
        Base64.getDecoder().decode(a.json().get("payloads").get(i).get("data").asText()),
        StandardCharsets.UTF_8);
  }

  private static String encoding(Answer a, int i) {
    return new String(
        Base64.getDecoder()
            .decode(a.json().get("payloads").get(i).get("metadata").get("encoding").asText()),
        StandardCharsets.UTF_8);
  }

  /**
   * Encoding would let anyone who is an admin here, and can reach Temporal, seal an "approve" of
   * their own making: the endpoint only ever decodes.
   */
  @Test
  void encodingIsNotOffered() {
    Answer sealed =
        stack.as("carol-laptop").post("/codec/encode", plainPayloads("\"rotate the db password\""));
    assertEquals(403, sealed.status(), sealed::toString);
    assertEquals("encode_refused", sealed.error());
  }

  @Test
  void plainPayloadsAreShownAsTheyAre() {
    Answer opened =
        stack.as("carol-laptop").post("/codec/decode", plainPayloads("\"written in the clear\""));
    assertEquals(200, opened.status(), opened::toString);
    assertEquals("json/plain", encoding(opened, 0));
    assertEquals("\"written in the clear\"", data(opened, 0));
  }

  @Test
  void anAdminReadsARealGrantsInputFromItsHistory() throws Exception {
    Answer created =
        stack
            .as("alice-laptop")
            .post(
                "/api/v1/grants",
                Map.of("grantType", "ssh-prod", "duration", "30m", "reason", "incident 42 hotfix"));
    assertEquals(202, created.status(), created::toString);
    String id = created.json().get("id").asText();
    HistoryEvent started =
        stack
            .env
            .getWorkflowClient()
            .fetchHistory(GrantIds.grantWorkflowId(id))
            .getEvents()
            .stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
            .findFirst()
            .orElseThrow();
    Payloads input = started.getWorkflowExecutionStartedEventAttributes().getInput();
    Answer opened =
        stack.as("carol-laptop").post("/codec/decode", JsonFormat.printer().print(input));
    assertEquals(200, opened.status(), opened::toString);
    assertTrue(data(opened, 0).contains("incident 42 hotfix"), opened.body());
    assertTrue(data(opened, 0).contains("alice@example.com"), opened.body());
  }

  @Test
  void nonAdminsAreRefused() {
    for (String device : new String[] {"alice-laptop", "bob-laptop", "dave-laptop"}) {
      Answer a = stack.as(device).post("/codec/decode", plainPayloads("1"));
      assertEquals(403, a.status(), device + ": " + a);
      assertEquals("forbidden", a.error());
    }
  }

  @Test
  void unidentifiedCallersAreRefused() {
    Answer a = new ApiClient(stack.baseUrl).post("/codec/decode", plainPayloads("1"));
    assertEquals(403, a.status(), a::toString);
  }

  @Test
  void theTemporalUiOriginGetsCorsAndOthersAreRefused() throws Exception {
    Answer fromUi =
        stack
            .as("carol-laptop")
            .header("Origin", UI_ORIGIN)
            .post("/codec/decode", plainPayloads("1"));
    assertEquals(200, fromUi.status(), fromUi::toString);
    assertEquals(UI_ORIGIN, fromUi.header("Access-Control-Allow-Origin"));
    assertEquals("true", fromUi.header("Access-Control-Allow-Credentials"));

    Answer fromElsewhere =
        stack
            .as("carol-laptop")
            .header("Origin", "https://evil.example")
            .post("/codec/decode", plainPayloads("1"));
    assertEquals(403, fromElsewhere.status(), fromElsewhere::toString);
    assertNull(fromElsewhere.header("Access-Control-Allow-Origin"));
  }

  @Test
  void thePreflightNamesMethodsAndHeaders() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(stack.baseUrl + "/codec/decode"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", UI_ORIGIN)
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type,x-namespace")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(204, r.statusCode(), r.body());
    assertEquals(UI_ORIGIN, r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    assertTrue(
        r.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("X-Namespace"));
    assertTrue(r.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
  }

  @Test
  void garbageIsABadRequestAndChangesNothing() {
    Answer notJson = stack.as("carol-laptop").post("/codec/decode", "{not json");
    assertEquals(400, notJson.status(), notJson::toString);
    assertEquals("bad_json", notJson.error());
    String forged =
        "{\"payloads\":[{\"metadata\":{\"encoding\":\""
            + Base64.getEncoder()
                .encodeToString("binary/encrypted".getBytes(StandardCharsets.UTF_8))
            + "\"},\"data\":\""
            + Base64.getEncoder().encodeToString(new byte[40])
            + "\"}]}";
    Answer tampered = stack.as("carol-laptop").post("/codec/decode", forged);
    assertEquals(400, tampered.status(), tampered::toString);
    assertEquals("codec_failed", tampered.error());
  }
}
