package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.web.ApiClient.Answer;
import io.tailgrant.web.Browser.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Approvers shape the grant over HTTP: {@code POST .../approve} with a {@code duration} shorter
 * than asked makes the grant that short, the grant's JSON and page say for how long, by whom and
 * why, and a duration longer than asked, under the type's minimum or unreadable is a 400 that
 * changes nothing. Both approve forms offer the duration.
 */
class ApproverDurationApiTest extends ServerStackTest {

  private static Duration lasted(JsonNode g) {
    return Duration.between(
        Instant.parse(g.path("activatedAt").asText()), Instant.parse(g.path("expiresAt").asText()));
  }

  @Test
  void anApproverApprovesForLessTimeAndTheRequesterSeesWhy() {
    String id = request(stack.as("alice-laptop"), "db-admin", null, "1h", "incident 7");
    Answer approved =
        stack
            .as("bob-laptop")
            .post(
                "/api/v1/grants/" + id + "/approve",
                Map.of("comment", "<b>only</b> the hotfix", "duration", "20m"));
    assertEquals(200, approved.status(), approved::toString);
    JsonNode g = approved.json();
    assertEquals("active", g.path("status").asText(), approved::toString);
    assertEquals("PT1H", g.path("duration").asText());
    assertEquals("PT20M", g.path("approvedDuration").asText());
    assertEquals("bob@example.com", g.path("shortenedBy").path("actor").asText());
    assertEquals("<b>only</b> the hotfix", g.path("shortenedBy").path("comment").asText());
    assertEquals("PT20M", g.path("approvals").path(0).path("duration").asText());
    assertEquals(Duration.ofMinutes(20), lasted(g));

    Page page = stack.browser("alice-laptop").get("/grants/" + id);
    assertEquals(200, page.status());
    String shown = Html.textOf(page.body(), "approved-duration");
    assertTrue(shown != null && shown.contains("20m"), () -> "page: " + shown);
    assertTrue(shown.contains("bob@example.com"), shown);
    assertTrue(page.body().contains("&lt;b&gt;only&lt;/b&gt; the hotfix"), "escaped comment");
  }

  @Test
  void aDurationLongerThanAskedUnderTheMinimumOrUnreadableIsRefusedAndChangesNothing() {
    String id = request(stack.as("alice-laptop"), "db-admin", null, "1h", "incident 8");
    String path = "/api/v1/grants/" + id + "/approve";
    Map<String, String> refusals =
        Map.of(
            "2h", "duration_longer_than_asked",
            "61m", "duration_longer_than_asked",
            "10s", "duration_out_of_range",
            "soon", "bad_duration",
            "-5m", "bad_duration");
    refusals.forEach(
        (given, code) -> {
          Answer a = stack.as("bob-laptop").post(path, Map.of("duration", given));
          assertEquals(400, a.status(), () -> given + ": " + a);
          assertEquals(code, a.error(), () -> given + ": " + a);
        });
    Answer still = stack.as("alice-laptop").get("/api/v1/grants/" + id);
    assertEquals("pending_approval", still.json().path("status").asText());
    assertEquals(0, still.json().path("approvals").size(), still::toString);
    assertEquals("PT1H", still.json().path("approvedDuration").asText());
    assertTrue(still.json().path("shortenedBy").isNull(), still::toString);
  }

  @Test
  void bothApproveFormsOfferADurationAndTheInboxFormShortensTheGrant() {
    String id = request(stack.as("alice-laptop"), "db-admin", null, "1h", "incident 9");
    Browser bob = stack.browser("bob-laptop");
    Page grantPage = bob.get("/grants/" + id);
    String field = Html.startTag(grantPage.body(), "decision-duration");
    assertTrue(field != null && field.contains("name=\"duration\""), () -> "grant page: " + field);
    assertTrue(Html.attr(field, "placeholder").contains("1h"), field);

    Page inbox = bob.get("/approvals");
    assertTrue(Html.hasId(inbox.body(), "duration-" + id), "the inbox card offers a duration");
    Page done =
        bob.submit(
            "/grants/" + id + "/approve",
            "duration",
            "30m",
            "comment",
            "half",
            "next",
            "/approvals");
    assertEquals(303, done.status(), done::toString);
    JsonNode g = stack.as("alice-laptop").get("/api/v1/grants/" + id).json();
    assertEquals("PT30M", g.path("approvedDuration").asText(), g::toString);
    assertEquals(Duration.ofMinutes(30), lasted(g));
  }
}
