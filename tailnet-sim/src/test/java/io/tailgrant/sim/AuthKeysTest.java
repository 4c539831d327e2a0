package io.tailgrant.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Auth keys as Tailscale's API makes them for an OAuth client: capabilities, tags the client owns,
 * expiry and description rules; listed (with {@code all=true}), read (invalid once deleted or
 * expired), deleted; and their validity in the exposure log.
 */
class AuthKeysTest extends SimFixture {
  static final String KEYS = "/api/v2/tailnet/-/keys";

  static String keyBody(String tags, boolean reusable, boolean ephemeral, Long expiry, String d) {
    return "{\"capabilities\":{\"devices\":{\"create\":{\"reusable\":"
        + reusable
        + ",\"ephemeral\":"
        + ephemeral
        + ",\"preauthorized\":true,\"tags\":["
        + tags
        + "]}}}"
        + (expiry == null ? "" : ",\"expirySeconds\":" + expiry)
        + (d == null ? "" : ",\"description\":\"" + d + "\"")
        + "}";
  }

  JsonNode create(String body) {
    return apiPost(KEYS, body).expect(200).json();
  }

  @Test
  void aKeyIsCreatedWithItsCapabilitiesAndShownOnce() {
    JsonNode k = create(keyBody("\"tag:ci\"", false, true, 1800L, "tailgrant g-abcdefgh"));
    assertTrue(k.get("key").asText().startsWith("tskey-auth-" + k.get("id").asText() + "-"));
    assertEquals("auth", k.get("keyType").asText());
    assertEquals(START.plusSeconds(1800).toString(), k.get("expires").asText());
    JsonNode create = k.get("capabilities").get("devices").get("create");
    assertTrue(create.get("ephemeral").asBoolean());
    assertFalse(create.get("reusable").asBoolean());
    assertEquals("tag:ci", create.get("tags").get(0).asText());
    JsonNode read = apiGet(KEYS + "/" + k.get("id").asText()).expect(200).json();
    assertFalse(read.has("key"), "the key itself is never shown again");
    assertEquals("tailgrant g-abcdefgh", read.get("description").asText());
    assertFalse(read.get("invalid").asBoolean());
  }

  @Test
  void withoutAnExpiryAKeyLivesNinetyDaysAndNeverLonger() {
    JsonNode k = create(keyBody("\"tag:ci\"", false, true, null, null));
    assertEquals(START.plus(Duration.ofDays(90)).toString(), k.get("expires").asText());
    assertTrue(
        apiPost(KEYS, keyBody("\"tag:ci\"", false, true, 90L * 86400 + 1, null))
            .expect(400)
            .body()
            .contains("90 days"));
    apiPost(KEYS, keyBody("\"tag:ci\"", false, true, -1L, null)).expect(400);
  }

  @Test
  void anOAuthClientsKeysNeedTagsItOwns() {
    assertTrue(
        apiPost(KEYS, keyBody("", false, true, 60L, null)).expect(400).body().contains("tags"));
    assertTrue(
        apiPost(KEYS, keyBody("\"tag:not-ours\"", false, true, 60L, null))
            .expect(400)
            .body()
            .contains("tag:not-ours"));
    apiPost(KEYS, "{\"expirySeconds\":60}").expect(400);
  }

  @Test
  void aDescriptionIsAtMostFiftyLettersDigitsHyphensAndSpaces() {
    apiPost(KEYS, keyBody("\"tag:ci\"", false, true, 60L, "x".repeat(51))).expect(400);
    apiPost(KEYS, keyBody("\"tag:ci\"", false, true, 60L, "g_1")).expect(400);
    apiPost(KEYS, keyBody("\"tag:ci\"", false, true, 60L, "x".repeat(50))).expect(200);
  }

  @Test
  void anOAuthClientListsAuthKeysOnlyWithAll() {
    String id = create(keyBody("\"tag:ci\"", false, true, 60L, "d")).get("id").asText();
    JsonNode plain = apiGet(KEYS).expect(200).json().get("keys");
    plain.forEach(k -> assertEquals("client", k.get("keyType").asText()));
    JsonNode all = apiGet(KEYS + "?all=true").expect(200).json().get("keys");
    assertTrue(all.toString().contains(id));
    assertFalse(all.toString().contains("tskey-auth"), "lists never show a key");
  }

  @Test
  void aDeletedKeyIsNoLongerListedAndReadsAsInvalid() {
    String id = create(keyBody("\"tag:ci\"", false, true, 600L, "d")).get("id").asText();
    clock.advance(Duration.ofSeconds(30));
    apiDelete(KEYS + "/" + id).expect(200);
    assertFalse(apiGet(KEYS + "?all=true").expect(200).body().contains(id));
    JsonNode read = apiGet(KEYS + "/" + id).expect(200).json();
    assertTrue(read.get("invalid").asBoolean());
    assertEquals(START.plusSeconds(30).toString(), read.get("revoked").asText());
    apiDelete(KEYS + "/" + id).expect(404);
    apiDelete(KEYS + "/kNeverCNTRL").expect(404);
  }

  @Test
  void anExpiredKeyIsInvalidAndItsValidityEndsAtItsExpiry() {
    String id = create(keyBody("\"tag:ci\"", false, true, 60L, "short")).get("id").asText();
    clock.advance(Duration.ofMinutes(5));
    assertTrue(apiGet(KEYS + "/" + id).expect(200).json().get("invalid").asBoolean());
    JsonNode interval = keyInterval(id);
    assertEquals("short", interval.get("name").asText());
    assertEquals(START.plusSeconds(60).toString(), interval.get("to").asText());
  }

  JsonNode keyInterval(String id) {
    for (JsonNode i : send(request("/sim/exposure")).expect(200).json()) {
      if (i.get("kind").asText().equals("auth-key") && i.get("nodeId").asText().equals(id)) {
        return i;
      }
    }
    throw new AssertionError("no exposure interval for key " + id);
  }
}
