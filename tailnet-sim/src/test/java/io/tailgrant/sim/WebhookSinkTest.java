package io.tailgrant.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/** The notification-channel sink: POST /sim/webhooks/{channel}, GET and DELETE /sim/webhooks. */
class WebhookSinkTest extends SimFixture {

  private Resp post(String pathAndQuery, RequestBody body) {
    return send(request(pathAndQuery).post(body).header("X-Test-Header", "Some Value"));
  }

  private JsonNode recordings(String query) {
    return send(request("/sim/webhooks" + query)).expect(200).json();
  }

  @Test
  void recordsAnyBodyWithItsUrlLowerCasedHeadersAndTime() {
    post("/sim/webhooks/slack", json("{\"text\":\"grant g-1 approved\"}")).expect(200);
    post(
            "/sim/webhooks/teams?x=1",
            RequestBody.create("not json at all", MediaType.get("text/plain")))
        .expect(200);
    post("/sim/webhooks/slack", RequestBody.create(new byte[0], null)).expect(200);

    JsonNode all = recordings("");
    assertEquals(3, all.size());
    JsonNode first = all.get(0);
    List<String> keys = new ArrayList<>();
    first.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("channel", "url", "headers", "body", "at"), keys);
    assertEquals("slack", first.get("channel").asText());
    assertEquals(sim.baseUrl() + "/sim/webhooks/slack", first.get("url").asText());
    assertEquals("{\"text\":\"grant g-1 approved\"}", first.get("body").asText());
    assertEquals(START.toString(), first.get("at").asText());
    JsonNode headers = first.get("headers");
    assertEquals("Some Value", headers.get("x-test-header").asText());
    assertTrue(headers.get("content-type").asText().startsWith("application/json"));
    headers.fieldNames().forEachRemaining(h -> assertEquals(h.toLowerCase(), h));

    JsonNode second = all.get(1);
    assertEquals("teams", second.get("channel").asText());
    assertEquals(sim.baseUrl() + "/sim/webhooks/teams?x=1", second.get("url").asText());
    assertEquals("not json at all", second.get("body").asText());
    assertEquals("", all.get(2).get("body").asText(), "an empty body is recorded too");
  }

  @Test
  void listsNewestLastAndFiltersByChannel() {
    for (String channel : List.of("slack", "email", "slack", "teams")) {
      clock.advance(java.time.Duration.ofSeconds(1));
      post("/sim/webhooks/" + channel, json("{}")).expect(200);
    }
    JsonNode slack = recordings("?channel=slack");
    assertEquals(2, slack.size());
    assertTrue(
        slack.get(0).get("at").asText().compareTo(slack.get(1).get("at").asText()) < 0,
        "newest last");
    assertEquals("teams", recordings("").get(3).get("channel").asText());
    assertEquals(0, recordings("?channel=nobody").size());
  }

  @Test
  void deleteForgetsEveryRecording() {
    post("/sim/webhooks/slack", json("{}")).expect(200);
    send(request("/sim/webhooks").delete()).expect(204);
    assertEquals(0, recordings("").size());
  }

  @Test
  void statusQueryMakesTheChannelFailAndTheCallIsStillRecorded() {
    Resp r = post("/sim/webhooks/slack?status=500", json("{\"text\":\"x\"}")).expect(500);
    assertTrue(r.json().get("message").asText().contains("slack"));
    post("/sim/webhooks/slack?status=429", json("{}")).expect(429);
    post("/sim/webhooks/slack?status=204", json("{}")).expect(204);
    assertEquals(3, recordings("").size());

    for (String bad : List.of("abc", "99", "600", "-1")) {
      post("/sim/webhooks/slack?status=" + bad, json("{}")).expect(400);
    }
    assertEquals(3, recordings("").size(), "a refused call records nothing");
  }

  @Test
  void delayMsDelaysTheAnswerUpToThirtySeconds() {
    long t = System.nanoTime();
    post("/sim/webhooks/slow?delayMs=150", json("{}")).expect(200);
    long ms = (System.nanoTime() - t) / 1_000_000;
    assertTrue(ms >= 150, "answered after " + ms + " ms");
    assertEquals(1, recordings("?channel=slow").size(), "recorded on arrival");

    assertEquals(0, WebhookSink.delayMs(null));
    assertEquals(250, WebhookSink.delayMs("250"));
    assertEquals(30_000, WebhookSink.delayMs("999999"));
    assertEquals(30_000, WebhookSink.delayMs(Long.toString(Long.MAX_VALUE)));
    for (String bad : List.of("-5", "soon", "1.5")) {
      post("/sim/webhooks/slow?delayMs=" + bad, json("{}")).expect(400);
    }
  }

  @Test
  void theSinkIsNotPartOfTheTailscaleApiAndCountsNoCall() {
    post("/sim/webhooks/slack", json("{}")).expect(200);
    assertFalse(sim.calls().snapshot().keySet().stream().anyMatch(k -> k.contains("webhooks")));
  }
}
