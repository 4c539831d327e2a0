package io.tailgrant.web;

import static io.tailgrant.web.GrantApiErrorsTest.assertRefused;
import static io.tailgrant.web.GrantRequests.body;
import static io.tailgrant.web.PageSteps.assertHtml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.web.ApiClient.Answer;
import io.tailgrant.web.Browser.Page;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A type's justification rules over HTTP ({@code db-migrate}: a reason of 15 characters or more and
 * a ticket {@code ^(INC|CHG)-[0-9]+$}): each broken rule is a 400 naming it, the form shows the
 * hint and keeps what was typed, and the ticket comes back in the grant, its lists and its page.
 */
class JustificationTest extends ServerStackTest {
  static final String REASON = "add the orders.status index";
  static final String HINT = "A change or incident ticket, such as CHG-1234";

  static Map<String, Object> migrate(String reason, String ticket) {
    Map<String, Object> b = body("db-migrate", null, "30m", reason);
    if (ticket != null) {
      b.put("ticket", ticket);
    }
    return b;
  }

  static Answer request(Map<String, Object> body) {
    return stack.as("alice-laptop").post("/api/v1/grants", body);
  }

  @Test
  void eachBrokenRuleIsA400NamingIt() {
    assertRefused(400, "reason_required", request(migrate(null, "CHG-1")));
    assertRefused(400, "reason_too_short", request(migrate("add an index", "CHG-1")));
    assertRefused(400, "ticket_required", request(migrate(REASON, null)));
    assertRefused(400, "ticket_required", request(migrate(REASON, "   ")));
    assertRefused(400, "ticket_invalid", request(migrate(REASON, "JIRA-1")));
    assertRefused(400, "ticket_invalid", request(migrate(REASON, "CHG-1\nforged")));
    assertRefused(400, "ticket_too_long", request(migrate(REASON, "CHG-" + "1".repeat(100))));
    Map<String, Object> unused = body("ssh-prod", null, "1h", "x");
    unused.put("ticket", "INC-1");
    assertRefused(400, "ticket_not_used", request(unused));
    Answer invalid = request(migrate(REASON, "JIRA-1"));
    assertTrue(invalid.json().path("message").asText().endsWith(HINT), invalid::toString);
    Answer wrongType = request(Map.of("grantType", "db-migrate", "ticket", 42, "reason", REASON));
    assertEquals(400, wrongType.status(), wrongType::toString);
    // None of it started a grant.
    for (JsonNode g :
        stack.as("alice-laptop").get("/api/v1/grants?limit=500").json().path("grants")) {
      String t = g.path("ticket").asText("");
      assertFalse(t.equals("CHG-1") || t.startsWith("JIRA") || t.startsWith("CHG-1\n"), t);
    }
  }

  @Test
  void theTicketTravelsWithTheGrantIntoEveryList() {
    Answer created = request(migrate("  " + REASON + "  ", " CHG-4711 "));
    assertEquals(202, created.status(), created::toString);
    assertEquals("CHG-4711", created.json().path("ticket").asText());
    String id = created.json().path("id").asText();

    Answer got = GrantRequests.awaitStatus(stack.as("alice-laptop"), id, "pending_approval");
    assertEquals("CHG-4711", got.json().path("ticket").asText());
    assertTrue(
        got.json().path("timeline").get(0).path("detail").asText().endsWith("(ticket CHG-4711)"),
        got::toString);
    JsonNode mine = listed(stack.as("alice-laptop"), "mine", id);
    assertEquals("CHG-4711", mine.path("ticket").asText());
    assertEquals(
        "CHG-4711", listed(stack.as("bob-laptop"), "approvals", id).path("ticket").asText());
    assertEquals("CHG-4711", listed(stack.as("carol-laptop"), "all", id).path("ticket").asText());

    assertTrue(stack.browser("alice-laptop").get("/").body().contains("CHG-4711"));
    assertTrue(stack.browser("bob-laptop").get("/approvals").body().contains("CHG-4711"));
    assertTrue(stack.browser("carol-laptop").get("/admin").body().contains("CHG-4711"));
    Page page = stack.browser("alice-laptop").get("/grants/" + id);
    assertEquals("CHG-4711", Html.textOf(page.body(), "ticket"));
  }

  @Test
  void grantTypesSayWhichTakeATicketAndHowLongAReasonMustBe() {
    JsonNode types = stack.as("alice-laptop").get("/api/v1/grant-types").json();
    for (JsonNode t : types) {
      if (t.path("name").asText().equals("db-migrate")) {
        assertEquals(15, t.path("minReasonLength").asInt());
        assertTrue(t.path("ticket").path("required").asBoolean());
        assertEquals("^(INC|CHG)-[0-9]+$", t.path("ticket").path("pattern").asText());
        assertEquals(HINT, t.path("ticket").path("hint").asText());
      } else {
        assertTrue(t.path("ticket").isNull(), t::toString);
        assertEquals(0, t.path("minReasonLength").asInt(), t::toString);
      }
    }
  }

  @Test
  void theFormShowsTheTicketFieldWithItsHintOnlyWhereATicketApplies() {
    Page form = stack.browser("alice-laptop").get("/request?type=db-migrate");
    assertHtml(form, 200);
    String ticket = Html.startTag(form.body(), "ticket");
    assertEquals("ticket", Html.attr(ticket, "name"));
    assertEquals("100", Html.attr(ticket, "maxlength"));
    assertEquals("required", Html.attr(ticket, "required"));
    assertEquals(HINT, Html.textOf(form.body(), "ticket-hint"));
    assertTrue(Html.textOf(form.body(), "reason-hint").contains("at least 15 characters"));
    assertEquals("15", Html.attr(Html.startTag(form.body(), "reason"), "minlength"));

    Page plain = stack.browser("alice-laptop").get("/request?type=db-admin");
    assertHtml(plain, 200);
    assertFalse(Html.hasId(plain.body(), "ticket"), "db-admin takes no ticket");
    assertFalse(Html.hasId(plain.body(), "reason-hint"));
    assertEquals(null, Html.attr(Html.startTag(plain.body(), "reason"), "minlength"));
  }

  @Test
  void aRefusedFormShowsTheErrorAndHintAndKeepsWhatWasTypedEscaped() {
    String hostile = "<script>alert(1)</script>";
    Page p =
        stack
            .browser("alice-laptop")
            .submit(
                "/request",
                "grantType",
                "db-migrate",
                "target",
                "",
                "duration",
                "30m",
                "reason",
                REASON + " " + hostile,
                "ticket",
                hostile);
    assertHtml(p, 400);
    assertFalse(p.body().contains(hostile), "every echo is escaped");
    String error = Html.textOf(p.body(), "form-error");
    assertTrue(error.contains("is not a ticket grant type 'db-migrate' takes"), error);
    assertTrue(error.endsWith(HINT), error);
    String ticket = Html.startTag(p.body(), "ticket");
    assertEquals(hostile, Html.attr(ticket, "value"));
    assertEquals("true", Html.attr(ticket, "aria-invalid"));
    assertTrue(Html.textOf(p.body(), "reason").endsWith(hostile));
    assertEquals(HINT, Html.textOf(p.body(), "ticket-hint"));

    Page shortReason =
        stack
            .browser("alice-laptop")
            .submit(
                "/request",
                "grantType",
                "db-migrate",
                "target",
                "",
                "duration",
                "30m",
                "reason",
                "too short",
                "ticket",
                "CHG-9");
    assertHtml(shortReason, 400);
    assertEquals("true", Html.attr(Html.startTag(shortReason.body(), "reason"), "aria-invalid"));
    assertEquals("CHG-9", Html.attr(Html.startTag(shortReason.body(), "ticket"), "value"));
  }

  @Test
  void aTicketedRequestByFormGoesThrough() {
    Page p =
        stack
            .browser("alice-laptop")
            .submit(
                "/request",
                "grantType",
                "db-migrate",
                "target",
                "",
                "duration",
                "30m",
                "reason",
                REASON,
                "ticket",
                "INC-77");
    assertEquals(303, p.status(), p::toString);
    String id = p.location().substring(p.location().lastIndexOf('/') + 1);
    assertEquals(
        "INC-77",
        stack.as("alice-laptop").get("/api/v1/grants/" + id).json().path("ticket").asText());
  }

  static JsonNode listed(ApiClient as, String view, String id) {
    return ServerTestStack.eventually(
        () -> find(as.get("/api/v1/grants?limit=500&view=" + view).json().path("grants"), id),
        g -> g != null,
        id + " in " + view);
  }

  private static JsonNode find(JsonNode list, String id) {
    for (JsonNode g : list) {
      if (g.path("id").asText().equals(id)) {
        return g;
      }
    }
    return null;
  }
}
