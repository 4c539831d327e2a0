package io.tailgrant.web;

import static io.tailgrant.web.GrantApiErrorsTest.assertRefused;
import static io.tailgrant.web.PageSteps.assertHtml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.web.ApiClient.Answer;
import io.tailgrant.web.Browser.Page;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scheduled windows over HTTP (db-admin allows a start up to 7d ahead, ssh-prod none): the start is
 * checked before anything starts (400 and nothing changes), carried back in the grant and its
 * lists, shown on the pages; the form offers a start field only where the type allows it.
 */
class ScheduledRequestTest extends ServerStackTest {
  static Instant now() {
    return Instant.ofEpochMilli(stack.env.currentTimeMillis());
  }

  static Map<String, Object> dbAdmin(Object startsAt) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("grantType", "db-admin");
    b.put("duration", "1h");
    b.put("reason", "schema migration window");
    if (startsAt != null) {
      b.put("startsAt", startsAt);
    }
    return b;
  }

  static int myGrants() {
    return stack.as("alice-laptop").get("/api/v1/grants?limit=500").json().path("grants").size();
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("not a time", dbAdmin("next tuesday"), "bad_starts_at"),
        Arguments.of("no zone", dbAdmin("2026-12-01T09:00:00"), "bad_starts_at"),
        Arguments.of("a number", dbAdmin(1764579600), "bad_starts_at"),
        Arguments.of("in the past", dbAdmin("2020-01-01T00:00:00Z"), "starts_at_past"),
        Arguments.of(
            "too far", dbAdmin(now().plus(Duration.ofDays(8)).toString()), "starts_at_too_far"),
        Arguments.of(
            "a type without scheduling",
            Map.of(
                "grantType",
                "ssh-prod",
                "reason",
                "x",
                "startsAt",
                now().plus(Duration.ofHours(1)).toString()),
            "scheduling_not_allowed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void aBadStartIsRefusedAndChangesNothing(String title, Map<String, Object> body, String code) {
    int before = myGrants();
    assertRefused(400, code, stack.as("alice-laptop").post("/api/v1/grants", body));
    assertEquals(before, myGrants(), "no grant started");
  }

  @Test
  void grantTypesSayWhichAllowSchedulingAndHowFarAhead() {
    JsonNode types = stack.as("alice-laptop").get("/api/v1/grant-types").json();
    for (JsonNode t : types) {
      if (t.path("name").asText().equals("db-admin")) {
        assertEquals("7d", t.path("scheduling").path("maxLead").asText(), t::toString);
      } else {
        assertTrue(t.path("scheduling").isNull(), t::toString);
      }
    }
  }

  @Test
  void aScheduledGrantIsApprovedBeforeItsStartShownEverywhereAndCancelledBeforeIt() {
    Instant start = now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
    Answer created = stack.as("alice-laptop").post("/api/v1/grants", dbAdmin(start.toString()));
    assertEquals(202, created.status(), created::toString);
    assertEquals(start.toString(), created.json().path("startsAt").asText());
    String id = created.json().path("id").asText();
    GrantRequests.awaitStatus(stack.as("alice-laptop"), id, "pending_approval");

    Answer approved =
        stack
            .as("bob-laptop")
            .post(
                "/api/v1/grants/" + id + "/approve",
                Map.of("comment", "half an hour is enough", "duration", "30m"));
    assertEquals(200, approved.status(), approved::toString);
    assertEquals("scheduled", approved.json().path("status").asText(), approved::toString);
    assertTrue(approved.json().path("activatedAt").isNull());
    assertFalse(
        stack.device("alice-laptop").attributes().containsKey("custom:tailgrant_db_admin"),
        "no access before the start");

    JsonNode mine = JustificationTest.listed(stack.as("alice-laptop"), "mine", id);
    assertEquals(start.toString(), mine.path("startsAt").asText());
    Page page = stack.browser("alice-laptop").get("/grants/" + id);
    assertHtml(page, 200);
    assertTrue(Html.textOf(page.body(), "starts-at").contains(start.toString().substring(0, 10)));
    assertTrue(Html.textOf(page.body(), "scheduled-line").contains("you may cancel it"));
    assertTrue(stack.browser("alice-laptop").get("/").body().contains("s-scheduled"));

    Answer cancelled =
        stack
            .as("alice-laptop")
            .post("/api/v1/grants/" + id + "/revoke", Map.of("reason", "window moved"));
    assertEquals(200, cancelled.status(), cancelled::toString);
    assertEquals("revoked", cancelled.json().path("status").asText(), cancelled::toString);
    JsonNode timeline = cancelled.json().path("timeline");
    assertEquals("before its start", timeline.get(timeline.size() - 1).path("detail").asText());
  }

  @Test
  void theFormShowsAStartFieldInUtcOnlyWhereSchedulingApplies() {
    Page form = stack.browser("alice-laptop").get("/request?type=db-admin");
    assertHtml(form, 200);
    String field = Html.startTag(form.body(), "startsAt");
    assertEquals("datetime-local", Html.attr(field, "type"));
    assertEquals("startsAt", Html.attr(field, "name"));
    assertTrue(Html.textOf(form.body(), "startsAt-hint").contains("UTC"));
    assertTrue(Html.textOf(form.body(), "startsAt-hint").contains("7d"));

    Page plain = stack.browser("alice-laptop").get("/request?type=ssh-prod");
    assertHtml(plain, 200);
    assertFalse(Html.hasId(plain.body(), "startsAt"), "ssh-prod starts when granted");
  }

  @Test
  void theFormSchedulesInUtcAndRefusesAPastStartKeepingTheForm() {
    Browser alice = stack.browser("alice-laptop");
    String past = "2020-01-01T09:00";
    Page refused =
        alice.submit(
            "/request",
            "grantType",
            "db-admin",
            "target",
            "",
            "duration",
            "30m",
            "reason",
            "window",
            "startsAt",
            past);
    assertHtml(refused, 400);
    assertTrue(Html.textOf(refused.body(), "form-error").contains("not in the future"));
    assertEquals(past, Html.attr(Html.startTag(refused.body(), "startsAt"), "value"));

    LocalDateTime later =
        LocalDateTime.ofInstant(now().plus(Duration.ofDays(1)), ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.MINUTES);
    Page done =
        alice.submit(
            "/request",
            "grantType",
            "db-admin",
            "target",
            "",
            "duration",
            "30m",
            "reason",
            "window",
            "startsAt",
            later.toString());
    assertEquals(303, done.status(), done::toString);
    String id = done.location().substring("/grants/".length());
    Answer got = stack.as("alice-laptop").get("/api/v1/grants/" + id);
    assertEquals(later.toInstant(ZoneOffset.UTC).toString(), got.json().path("startsAt").asText());
    stack.as("alice-laptop").post("/api/v1/grants/" + id + "/revoke", Map.of());
  }
}
