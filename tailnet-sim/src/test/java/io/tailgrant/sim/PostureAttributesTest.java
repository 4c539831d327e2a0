package io.tailgrant.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Device posture attributes: custom: keys, value rules, tailnet-wide type lock, expiry, delete. */
class PostureAttributesTest extends SimFixture {

  private String attrs(String hostname) {
    return "/api/v2/device/" + nodeId(hostname) + "/attributes";
  }

  private Resp set(String hostname, String key, String body) {
    return apiPost(attrs(hostname) + "/" + key, body);
  }

  private JsonNode get(String hostname) {
    return apiGet(attrs(hostname)).expect(200).json();
  }

  @Test
  void setThenGetReturnsAttributesAndExpiries() {
    assertEquals(
        tree("{}"),
        set(
                "alice-laptop",
                "custom:tka_role",
                "{\"value\":\"admin\",\"expiry\":\"2026-06-01T08:00:00Z\",\"comment\":\"ticket 1\"}")
            .expect(200)
            .json());

    JsonNode body = get("alice-laptop");
    assertEquals("admin", body.get("attributes").get("custom:tka_role").asText());
    assertEquals("2026-06-01T08:00:00Z", body.get("expiries").get("custom:tka_role").asText());
    assertEquals("macOS", body.get("attributes").get("node:os").asText());
  }

  @Test
  void numbersAndBooleansKeepTheirJsonTypes() {
    set("bob-laptop", "custom:score", "{\"value\":87}").expect(200);
    set("bob-laptop", "custom:disk_encrypted", "{\"value\":true}").expect(200);
    set("bob-laptop", "custom:until", "{\"value\":9007199254740991}").expect(200);

    JsonNode a = get("bob-laptop").get("attributes");
    assertTrue(a.get("custom:score").isIntegralNumber());
    assertEquals(87, a.get("custom:score").asInt());
    assertTrue(a.get("custom:disk_encrypted").isBoolean());
    assertTrue(a.get("custom:disk_encrypted").asBoolean());
    assertEquals(9007199254740991L, a.get("custom:until").asLong());
  }

  @Test
  void setIsAnUpsert() {
    set("alice-laptop", "custom:level", "{\"value\":1}").expect(200);
    set("alice-laptop", "custom:level", "{\"value\":2}").expect(200);
    assertEquals(2, get("alice-laptop").get("attributes").get("custom:level").asInt());
  }

  @ParameterizedTest
  @ValueSource(strings = {"tka_role", "node:os", "Custom:x", "other:x"})
  void keyMustStartWithCustomPrefix(String key) {
    assertTrue(
        set("alice-laptop", key, "{\"value\":true}").expect(400).json().get("message").isTextual());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "has-dash",
        "alice@example.com",
        "two words",
        "2026-01-01T00:00:00Z",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      })
  void badStringValuesAreRejected(String value) {
    set("alice-laptop", "custom:s", "{\"value\":\"" + value + "\"}").expect(400);
    assertFalse(get("alice-laptop").get("attributes").has("custom:s"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "9007199254740992", "[1]", "{\"a\":1}"})
  void nonIntegerOrTooLargeOrCompoundValuesAreRejected(String value) {
    set("alice-laptop", "custom:n", "{\"value\":" + value + "}").expect(400);
  }

  @Test
  void commentOverTwoHundredCharsIsRejected() {
    set("alice-laptop", "custom:c", "{\"value\":true,\"comment\":\"" + "x".repeat(201) + "\"}")
        .expect(400);
    set("alice-laptop", "custom:c", "{\"value\":true,\"comment\":\"" + "x".repeat(200) + "\"}")
        .expect(200);
  }

  @Test
  void keysDifferingOnlyInCaseDoNotCoexist() {
    set("alice-laptop", "custom:role", "{\"value\":true}").expect(200);
    Resp second = set("alice-laptop", "custom:Role", "{\"value\":false}");
    JsonNode a = get("alice-laptop").get("attributes");
    assertFalse(second.code() == 200 && a.has("custom:role") && a.has("custom:Role"), a.toString());
  }

  @Test
  void stringOfFiftyLettersDigitsUnderscoresAndDotsIsAccepted() {
    String fifty = "abc_DEF.123" + "x".repeat(39);
    set("alice-laptop", "custom:s", "{\"value\":\"" + fifty + "\"}").expect(200);
    assertEquals(fifty, get("alice-laptop").get("attributes").get("custom:s").asText());
  }

  @Test
  void missingValueIsRejected() {
    set("alice-laptop", "custom:x", "{\"expiry\":\"2026-07-01T00:00:00Z\"}").expect(400);
  }

  @Test
  void typeIsLockedPerKeyAcrossTheTailnet() {
    set("alice-laptop", "custom:k", "{\"value\":true}").expect(200);

    set("bob-laptop", "custom:k", "{\"value\":\"abc\"}").expect(400);
    set("bob-laptop", "custom:k", "{\"value\":1}").expect(400);
    assertFalse(get("bob-laptop").get("attributes").has("custom:k"));

    set("bob-laptop", "custom:k", "{\"value\":false}").expect(200);
  }

  @Test
  void attributeExpiresOnceTheClockPassesItsExpiry() {
    set(
            "alice-laptop",
            "custom:tka_role",
            "{\"value\":\"admin\",\"expiry\":\"2026-06-01T01:00:00Z\"}")
        .expect(200);

    clock.advance(Duration.ofMinutes(59));
    assertTrue(get("alice-laptop").get("attributes").has("custom:tka_role"));

    clock.advance(Duration.ofMinutes(1));
    JsonNode body = get("alice-laptop");
    assertFalse(body.get("attributes").has("custom:tka_role"), body.toString());
    assertFalse(body.get("expiries").has("custom:tka_role"), body.toString());
    assertFalse(simDevice("alice-laptop").get("postureAttributes").has("custom:tka_role"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"value\":true}",
        "{\"value\":true,\"expiry\":null}",
        "{\"value\":true,\"expiry\":\"\"}",
        "{\"value\":true,\"expiry\":\"0001-01-01T00:00:00Z\",\"comment\":\"\"}"
      })
  void absentNullEmptyAndZeroExpiryMeanNoExpiry(String body) {
    set("alice-laptop", "custom:forever", body).expect(200);
    assertFalse(get("alice-laptop").get("expiries").has("custom:forever"));

    clock.advance(Duration.ofDays(3650));
    JsonNode a = simDevice("alice-laptop").get("postureAttributes").get("custom:forever");
    assertTrue(a.get("value").asBoolean());
    assertTrue(a.get("expiry").isNull());
  }

  @Test
  void badExpiryIsRejected() {
    set("alice-laptop", "custom:x", "{\"value\":true,\"expiry\":\"tomorrow\"}").expect(400);
  }

  @Test
  void deleteRemovesTheAttribute() {
    set("alice-laptop", "custom:x", "{\"value\":true,\"expiry\":\"2026-07-01T00:00:00Z\"}")
        .expect(200);
    assertEquals(2, apiDelete(attrs("alice-laptop") + "/custom:x").code() / 100);

    JsonNode body = get("alice-laptop");
    assertFalse(body.get("attributes").has("custom:x"));
    assertFalse(body.get("expiries").has("custom:x"));
  }

  @Test
  void deletingNodeAttributeIsRejected() {
    apiDelete(attrs("alice-laptop") + "/node:os").expect(400);
    assertEquals("macOS", get("alice-laptop").get("attributes").get("node:os").asText());
  }

  @Test
  void attributesOfUnknownDeviceGet404() {
    apiGet("/api/v2/device/nDoesNotExistCNTRL/attributes").expect(404);
    apiPost("/api/v2/device/nDoesNotExistCNTRL/attributes/custom:x", "{\"value\":true}")
        .expect(404);
  }

  @Test
  void attributesAreKeptPerDevice() {
    set("alice-laptop", "custom:x", "{\"value\":true}").expect(200);
    assertFalse(get("bob-laptop").get("attributes").has("custom:x"));
  }
}
