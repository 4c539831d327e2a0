package io.tailgrant.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** POST/DELETE /sim/faults: injected 5xx and 429 (with and without Retry-After), validation. */
class FaultInjectionTest extends SimFixture {

  private static final String DEVICES = "/api/v2/tailnet/-/devices";

  private Resp setFaults(String body) {
    return send(request("/sim/faults").post(json(body)));
  }

  @Test
  void errorRateOneMakesEveryApiCallAnswerTheErrorStatusUntilCleared() {
    token();
    setFaults("{\"errorRate\":1.0,\"errorStatus\":503}").expect(200);

    for (int i = 0; i < 5; i++) {
      Resp r = apiGet(DEVICES).expect(503);
      assertTrue(r.json().get("message").isTextual(), r.body());
    }
    apiPost("/api/v2/device/" + nodeId("prod-db-1") + "/tags", "{\"tags\":[\"tag:deploy\"]}")
        .expect(503);
    assertEquals(
        "[\"tag:prod-db\"]",
        simDevice("prod-db-1").get("tags").toString(),
        "a failed call changes nothing");

    send(request("/sim/faults").delete()).expect(200);
    apiGet(DEVICES).expect(200);
  }

  @Test
  void faultsApplyToTheTokenEndpoint() {
    setFaults("{\"errorRate\":1.0,\"errorStatus\":500}").expect(200);
    assertEquals(500, requestToken(CLIENT_ID, CLIENT_SECRET).code());
  }

  @Test
  void faultsLeaveLocalApiAndControlRoutesAlone() {
    setFaults("{\"errorRate\":1.0,\"errorStatus\":503}").expect(200);
    whois(ipv4("alice-laptop")).expect(200);
    send(request("/sim/devices")).expect(200);
  }

  @Test
  void rateLimitWithRetryAfterAnswers429AndHeader() {
    token();
    setFaults("{\"rateLimitRate\":1.0,\"retryAfterSeconds\":2}").expect(200);

    Resp r = apiGet(DEVICES).expect(429);
    assertEquals("2", r.header("Retry-After"));
    assertTrue(r.json().get("message").isTextual(), r.body());
  }

  @Test
  void rateLimitWithoutRetryAfterHasNoRetryAfterHeader() {
    token();
    setFaults("{\"rateLimitRate\":1.0}").expect(200);

    Resp r = apiGet(DEVICES).expect(429);
    assertNull(r.header("Retry-After"));
  }

  @Test
  void postedFaultsAreEchoedAndDeleteRestoresNone() {
    Resp r = setFaults("{\"rateLimitRate\":1.0,\"retryAfterSeconds\":2}").expect(200);
    assertEquals(1.0, r.json().get("rateLimitRate").asDouble());
    assertEquals(2, r.json().get("retryAfterSeconds").asInt());

    Resp cleared = send(request("/sim/faults").delete()).expect(200);
    assertEquals(0.0, cleared.json().get("rateLimitRate").asDouble());
    assertEquals(0.0, cleared.json().get("errorRate").asDouble());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"errorRate\":1.5}",
        "{\"errorRate\":-0.1}",
        "{\"rateLimitRate\":2}",
        "{\"errorRate\":0.6,\"rateLimitRate\":0.6}",
        "{\"errorRate\":1.0,\"errorStatus\":200}",
        "{\"errorRate\":1.0,\"errorStatus\":600}",
        "{\"rateLimitRate\":1.0,\"retryAfterSeconds\":-1}",
        "{\"latencyMs\":-5}",
        "{\"errorRate\":\"lots\"}",
        "not json"
      })
  void invalidFaultSettingsAreRejectedAndChangeNothing(String body) {
    token();
    Resp r = setFaults(body).expect(400);
    assertTrue(r.json().get("message").isTextual(), r.body());
    apiGet(DEVICES).expect(200);
  }
}
