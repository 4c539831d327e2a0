package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.web.ApiClient.Answer;
import io.tailgrant.web.Browser.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A type approved in two stages over HTTP ({@code db-schema}: one of group:sre, bob and erin, and
 * one of group:security, erin and frank): the API and the grant page show each stage's progress,
 * erin counts for one stage only, and the request form says what it takes.
 */
class StagedApprovalApiTest extends ServerStackTest {

  /** Each stage as {@code name=approvedBy/required}. */
  private static List<String> stages(JsonNode grant) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : grant.path("approvalStages")) {
      List<String> by = new ArrayList<>();
      s.path("approvedBy").forEach(b -> by.add(b.asText()));
      out.add(s.path("name").asText() + "=" + String.join(",", by) + "/" + s.path("required"));
    }
    return out;
  }

  @Test
  void theApiShowsEachStagesProgressAndErinCountsOnce() {
    String id = request(stack.as("alice-laptop"), "db-schema");
    Answer pending = stack.as("alice-laptop").get("/api/v1/grants/" + id);
    assertEquals(List.of("group:sre=/1", "group:security=/1"), stages(pending.json()));

    Answer byErin =
        stack.as("erin-laptop").post("/api/v1/grants/" + id + "/approve", Map.of("comment", "ok"));
    assertEquals(200, byErin.status(), byErin::toString);
    assertEquals("pending_approval", byErin.json().path("status").asText(), "erin counts once");
    assertEquals(
        List.of("group:sre=erin@example.com/1", "group:security=/1"), stages(byErin.json()));

    Answer frankInbox = stack.as("frank-laptop").get("/api/v1/grants?view=approvals");
    assertTrue(frankInbox.body().contains(id), () -> "frank's stage waits for him: " + frankInbox);

    Answer byBob = stack.as("bob-laptop").post("/api/v1/grants/" + id + "/approve", Map.of());
    assertEquals(200, byBob.status(), byBob::toString);
    assertEquals("active", byBob.json().path("status").asText(), byBob::toString);
    assertEquals(
        List.of("group:sre=bob@example.com/1", "group:security=erin@example.com/1"),
        stages(byBob.json()),
        "erin moved to the stage bob could not fill");
    assertTrue(stack.device("alice-laptop").attributes().containsKey("custom:tailgrant_db_schema"));
  }

  @Test
  void theGrantTypesListSaysWhatEachStageTakes() {
    Answer types = stack.as("alice-laptop").get("/api/v1/grant-types");
    JsonNode migrate = null;
    for (JsonNode t : types.json()) {
      if (t.path("name").asText().equals("db-schema")) {
        migrate = t;
      }
    }
    assertTrue(migrate != null, types::toString);
    assertEquals(2, migrate.path("approvalStages").size(), migrate::toString);
    assertEquals("group:security", migrate.path("approvalStages").path(1).path("name").asText());
    assertEquals(1, migrate.path("approvalStages").path(1).path("required").asInt());
    for (JsonNode t : types.json()) {
      if (t.path("name").asText().equals("db-admin")) {
        assertEquals(0, t.path("approvalStages").size(), "one flat stage shows none: " + t);
      }
    }
  }

  @Test
  void theGrantPageAndTheRequestFormShowTheStages() {
    Page form = stack.browser("alice-laptop").get("/request?type=db-schema");
    assertEquals(200, form.status());
    String asked = Html.textOf(form.body(), "approval-stages");
    assertTrue(asked != null && asked.contains("1 of group:sre"), () -> "form: " + asked);
    assertTrue(asked.contains("and 1 of group:security"), asked);
    assertTrue(asked.contains("frank@example.com"), asked);

    String id = request(stack.as("alice-laptop"), "db-schema");
    stack.as("frank-laptop").post("/api/v1/grants/" + id + "/approve", Map.of());
    Page page = stack.browser("alice-laptop").get("/grants/" + id);
    assertEquals(200, page.status());
    // Tags become spaces in the text: "group:sre : 0 of 1" reads "group:sre: 0 of 1".
    String shown = Html.textOf(page.body(), "approval-stages").replaceAll("\\s+([:,])", "$1");
    assertTrue(shown.contains("group:sre: 0 of 1"), () -> "page: " + shown);
    assertTrue(shown.contains("group:security: 1 of 1 (done), by frank@example.com"), () -> shown);

    Page flat =
        stack
            .browser("alice-laptop")
            .get("/grants/" + request(stack.as("alice-laptop"), "db-admin"));
    assertTrue(!Html.hasId(flat.body(), "approval-stages"), "a flat approval shows no stages");
  }
}
