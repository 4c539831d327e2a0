package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.awaitStatus;
import static io.tailgrant.web.GrantRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.web.ApiClient.Answer;
import io.tailgrant.web.Browser.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Break-glass over HTTP: only a requester the type's rule names, with a reason, activates at once;
 * anyone else is refused and nothing starts. Only a reviewer other than the requester reviews, only
 * a break-glass grant, once. The grant is marked in its JSON, lists, pages and filters, and every
 * user string is escaped where it shows.
 */
class BreakGlassApiTest extends ServerStackTest {
  private static final String TYPE = "ssh-prod-emergency";

  private static Map<String, Object> breakGlass(String type, String reason) {
    Map<String, Object> body = new HashMap<>();
    body.put("grantType", type);
    body.put("duration", "1h");
    body.put("breakGlass", true);
    if (reason != null) {
      body.put("reason", reason);
    }
    return body;
  }

  private String brokeGlass(String host, String reason) {
    Answer a = stack.as(host).post("/api/v1/grants", breakGlass(TYPE, reason));
    assertEquals(202, a.status(), a::toString);
    assertTrue(a.json().path("breakGlass").asBoolean(), a::toString);
    return a.json().path("id").asText();
  }

  private List<String> ids(Answer list) {
    List<String> out = new ArrayList<>();
    list.json().path("grants").forEach(g -> out.add(g.path("id").asText()));
    return out;
  }

  @Test
  void aNamedRequesterIsActiveAtOnceAndAReviewerConfirms() {
    String id = brokeGlass("alice-laptop", "prod is down <script>x</script>");
    JsonNode g = awaitStatus(stack.as("alice-laptop"), id, "active").json();
    assertTrue(g.path("breakGlass").asBoolean());
    assertTrue(g.path("approvals").isEmpty(), "no approval was asked");
    assertEquals(
        Instant.parse(g.path("activatedAt").asText()).plus(Duration.ofMinutes(10)),
        Instant.parse(g.path("reviewBy").asText()));
    assertTrue(g.path("review").isNull(), g::toString);

    Answer own =
        stack
            .as("alice-laptop")
            .post("/api/v1/grants/" + id + "/review", Map.of("decision", "confirm"));
    assertEquals(403, own.status(), own::toString);
    Answer admin =
        stack
            .as("carol-laptop")
            .post("/api/v1/grants/" + id + "/review", Map.of("decision", "confirm"));
    assertEquals(403, admin.status(), "an admin who is no reviewer: " + admin);
    Answer bad =
        stack
            .as("erin-laptop")
            .post("/api/v1/grants/" + id + "/review", Map.of("decision", "unreviewed"));
    assertEquals(400, bad.status(), bad::toString);
    assertEquals("bad_decision", bad.error());

    Answer confirmed =
        stack
            .as("erin-laptop")
            .post(
                "/api/v1/grants/" + id + "/review",
                Map.of("decision", "confirm", "comment", "saw <b>INC-42</b>"));
    assertEquals(200, confirmed.status(), confirmed::toString);
    assertEquals("active", confirmed.json().path("status").asText());
    assertEquals("confirm", confirmed.json().path("review").path("decision").asText());
    assertEquals("erin@example.com", confirmed.json().path("review").path("actor").asText());
    Answer again =
        stack
            .as("bob-laptop")
            .post("/api/v1/grants/" + id + "/review", Map.of("decision", "revoke"));
    assertEquals(409, again.status(), again::toString);
    assertEquals("active", GrantRequests.status(stack.as("alice-laptop"), id));

    Page page = stack.browser("alice-laptop").get("/grants/" + id);
    assertTrue(Html.hasId(page.body(), "break-glass"), "the grant page's badge");
    assertTrue(page.body().contains("saw &lt;b&gt;INC-42&lt;/b&gt;"), "escaped review comment");
    assertTrue(page.body().contains("prod is down &lt;script&gt;"), "escaped reason");
    assertFalse(page.body().contains("<script>x"), "no raw markup");
  }

  @Test
  void someoneTheRuleDoesNotNameIsRefusedAndNothingStarts() {
    List<String> hosts = List.of("bob-laptop", "frank-laptop", "alice-laptop");
    Map<String, List<String>> before = new HashMap<>();
    hosts.forEach(h -> before.put(h, ids(stack.as(h).get("/api/v1/grants?view=mine"))));
    Answer bob = stack.as("bob-laptop").post("/api/v1/grants", breakGlass(TYPE, "let me in"));
    assertEquals(403, bob.status(), "bob may request the type, not break glass: " + bob);
    Answer frank = stack.as("frank-laptop").post("/api/v1/grants", breakGlass(TYPE, "x"));
    assertEquals(403, frank.status(), frank::toString);
    Answer noReason = stack.as("alice-laptop").post("/api/v1/grants", breakGlass(TYPE, "  "));
    assertEquals(400, noReason.status(), noReason::toString);
    assertEquals("reason_required", noReason.error());
    Answer otherType =
        stack.as("alice-laptop").post("/api/v1/grants", breakGlass("db-admin", "incident"));
    assertEquals(400, otherType.status(), otherType::toString);
    assertEquals("break_glass_not_allowed", otherType.error());
    Map<String, Object> later = breakGlass(TYPE, "incident");
    later.put("startsAt", java.time.Instant.now().plusSeconds(600).toString());
    Answer scheduled = stack.as("alice-laptop").post("/api/v1/grants", later);
    assertEquals(400, scheduled.status(), scheduled::toString);
    assertEquals("break_glass_scheduled", scheduled.error());

    for (String host : hosts) {
      Answer mine = stack.as(host).get("/api/v1/grants?view=mine");
      assertEquals(200, mine.status(), mine::toString);
      assertEquals(before.get(host), ids(mine), () -> host + " has a new grant: " + mine);
    }
  }

  @Test
  void reviewingAGrantThatDidNotBreakGlassIsAConflict() {
    String id = request(stack.as("alice-laptop"), TYPE, null, "1h", "routine");
    Answer r =
        stack
            .as("erin-laptop")
            .post("/api/v1/grants/" + id + "/review", Map.of("decision", "confirm"));
    assertEquals(409, r.status(), r::toString);
    assertEquals("not_break_glass", r.error());
    assertEquals("pending_approval", GrantRequests.status(stack.as("alice-laptop"), id));
  }

  @Test
  void theTypeListTheFormsTheInboxAndTheFiltersMarkIt() {
    JsonNode aliceTypes = stack.as("alice-laptop").get("/api/v1/grant-types").json();
    JsonNode emergency = null;
    for (JsonNode t : aliceTypes) {
      if (t.path("name").asText().equals(TYPE)) {
        emergency = t;
      }
    }
    assertTrue(emergency != null && emergency.path("breakGlass").asBoolean(), aliceTypes::toString);
    assertEquals("10m", emergency.path("breakGlassReviewWithin").asText());
    for (JsonNode t : stack.as("bob-laptop").get("/api/v1/grant-types").json()) {
      assertFalse(t.path("breakGlass").asBoolean(), "bob breaks no glass: " + t);
    }

    Page form = stack.browser("alice-laptop").get("/request?type=" + TYPE);
    assertTrue(Html.hasId(form.body(), "break-glass"), "the form offers break-glass here");
    Page plain = stack.browser("alice-laptop").get("/request?type=db-admin");
    assertFalse(Html.hasId(plain.body(), "break-glass"), "and not where the type has none");

    String plainId = request(stack.as("alice-laptop"), "db-admin", null, "1h", "routine");
    List<String> aliceBefore = ids(stack.as("alice-laptop").get("/api/v1/grants?view=mine"));
    Page sent =
        stack
            .browser("alice-laptop")
            .submit(
                "/request",
                "grantType",
                TYPE,
                "duration",
                "1h",
                "reason",
                "db on fire",
                "breakGlass",
                "true");
    assertEquals(303, sent.status(), sent::toString);
    List<String> mine =
        new ArrayList<>(ids(stack.as("alice-laptop").get("/api/v1/grants?view=mine")));
    mine.removeAll(aliceBefore);
    assertEquals(1, mine.size(), mine::toString);
    String id = mine.get(0);
    awaitStatus(stack.as("alice-laptop"), id, "active");

    // The server's lists learn of the activation from the directory: poll, with a deadline.
    Page inbox =
        ServerTestStack.eventually(
            () -> stack.browser("erin-laptop").get("/approvals"),
            p -> p.body().contains("/grants/" + id + "/review"),
            id + " in erin's inbox");
    assertTrue(inbox.body().contains("/grants/" + id + "/review"), "erin may review it there");
    assertTrue(inbox.body().contains("badge break-glass"), "flagged in the inbox");

    Answer flagged = stack.as("carol-laptop").get("/api/v1/grants?view=active&breakGlass=true");
    assertTrue(ids(flagged).contains(id) && !ids(flagged).contains(plainId), flagged::toString);
    flagged.json().path("grants").forEach(g -> assertTrue(g.path("breakGlass").asBoolean()));
    Answer others = stack.as("carol-laptop").get("/api/v1/grants?view=active&breakGlass=false");
    assertTrue(ids(others).contains(plainId) && !ids(others).contains(id), others::toString);
    Answer bad = stack.as("carol-laptop").get("/api/v1/grants?view=active&breakGlass=maybe");
    assertEquals(400, bad.status(), bad::toString);
    Page admin = stack.browser("carol-laptop").get("/admin?breakGlass=true");
    assertTrue(Html.grantLinks(admin.body()).contains(id), admin::toString);
    assertFalse(Html.grantLinks(admin.body()).contains(plainId), admin::toString);

    Page reviewed =
        stack
            .browser("erin-laptop")
            .submit(
                "/grants/" + id + "/review", "decision", "revoke", "comment", "not an emergency");
    assertEquals(303, reviewed.status(), reviewed::toString);
    JsonNode done = awaitStatus(stack.as("alice-laptop"), id, "revoked").json();
    assertEquals("revoke", done.path("review").path("decision").asText(), done::toString);
  }
}
