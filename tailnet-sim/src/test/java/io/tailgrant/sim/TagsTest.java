package io.tailgrant.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POST /api/v2/device/{id}/tags: full replace, ownership checks, user-to-tagged conversion. */
class TagsTest extends SimFixture {

  private Resp setTags(String hostname, String tagsJson) {
    return apiPost("/api/v2/device/" + nodeId(hostname) + "/tags", "{\"tags\":" + tagsJson + "}");
  }

  private List<String> apiTags(String hostname) {
    JsonNode d = apiDevice(hostname);
    return d.has("tags") ? texts(d.get("tags")) : List.of();
  }

  @Test
  void setTagsAnswersEmptyObject() {
    assertEquals(tree("{}"), setTags("prod-db-1", "[\"tag:prod-db\"]").expect(200).json());
  }

  @Test
  void setTagsReplacesTheWholeSet() {
    setTags("prod-db-1", "[\"tag:prod-db\",\"tag:deploy\"]").expect(200);
    assertEquals(List.of("tag:prod-db", "tag:deploy"), apiTags("prod-db-1"));

    setTags("prod-db-1", "[\"tag:prod-db\"]").expect(200);
    assertEquals(List.of("tag:prod-db"), apiTags("prod-db-1"));
  }

  @Test
  void tagNotOwnedByTheClientIsRejected() {
    Resp r = setTags("prod-db-1", "[\"tag:prod-db\",\"tag:not-ours\"]").expect(400);
    assertEquals(
        "requested tags [tag:not-ours] are invalid or not permitted",
        r.json().get("message").asText());
    assertEquals(List.of("tag:prod-db"), apiTags("prod-db-1"));
  }

  @Test
  void undefinedTagIsRejected() {
    Resp r = setTags("ci-runner-1", "[\"tag:madeup\"]").expect(400);
    assertEquals(
        "requested tags [tag:madeup] are invalid or not permitted",
        r.json().get("message").asText());
    assertEquals(List.of("tag:ci"), apiTags("ci-runner-1"));
  }

  @Test
  void everyBadTagIsNamedSpaceSeparated() {
    Resp r = setTags("ci-runner-1", "[\"tag:madeup\",\"tag:ci\",\"tag:not-ours\"]").expect(400);
    assertEquals(
        "requested tags [tag:madeup tag:not-ours] are invalid or not permitted",
        r.json().get("message").asText());
  }

  @Test
  void rejectedTagsLeaveUserOwnedDeviceUntouched() {
    setTags("alice-laptop", "[\"tag:not-ours\"]").expect(400);
    assertFalse(apiDevice("alice-laptop").has("tags"));
    assertEquals("alice@example.com", simDevice("alice-laptop").get("user").asText());
  }

  @Test
  void taggingUserOwnedDeviceMakesItATaggedDevice() {
    setTags("alice-laptop", "[\"tag:deploy\"]").expect(200);
    assertEquals(List.of("tag:deploy"), apiTags("alice-laptop"));
    assertTrue(simDevice("alice-laptop").get("user").isNull(), "a tagged device has no user owner");
  }

  @Test
  void taggingUserOwnedDeviceTurnsWhoIsIntoTaggedDevices() {
    assertEquals(
        "alice@example.com",
        whois(ipv4("alice-laptop"))
            .expect(200)
            .json()
            .get("UserProfile")
            .get("LoginName")
            .asText());

    setTags("alice-laptop", "[\"tag:deploy\"]").expect(200);

    JsonNode w = whois(ipv4("alice-laptop")).expect(200).json();
    assertEquals("tagged-devices", w.get("UserProfile").get("LoginName").asText());
    assertEquals(List.of("tag:deploy"), texts(w.get("Node").get("Tags")));
    assertTrue(w.get("CapMap").isNull(), "alice's user grants no longer apply: " + w.get("CapMap"));
  }

  @Test
  void removingAllTagsFromTaggedDeviceIsRejected() {
    Resp r = setTags("prod-db-1", "[]").expect(400);
    assertTrue(r.json().get("message").isTextual());
    assertEquals(List.of("tag:prod-db"), apiTags("prod-db-1"));
  }

  @Test
  void emptyTagsOnUserOwnedDeviceIsANoOp() {
    assertEquals(tree("{}"), setTags("alice-laptop", "[]").expect(200).json());
    assertFalse(apiDevice("alice-laptop").has("tags"));
    assertEquals("alice@example.com", apiDevice("alice-laptop").get("user").asText());
  }

  @Test
  void bodyWithoutTagsArrayIsRejected() {
    apiPost("/api/v2/device/" + nodeId("prod-db-1") + "/tags", "{\"tag\":\"tag:ci\"}").expect(400);
    apiPost("/api/v2/device/" + nodeId("prod-db-1") + "/tags", "not json").expect(400);
  }

  @Test
  void taggingUnknownDeviceGets404() {
    apiPost("/api/v2/device/nDoesNotExistCNTRL/tags", "{\"tags\":[\"tag:ci\"]}").expect(404);
  }
}
