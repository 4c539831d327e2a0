package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.awaitStatus;
import static io.tailgrant.web.GrantRequests.request;
import static io.tailgrant.web.GrantRequests.status;
import static io.tailgrant.web.PageSteps.assertErrorPage;
import static io.tailgrant.web.PageSteps.assertHtml;
import static io.tailgrant.web.PageSteps.requestByForm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.web.Browser.Page;
import io.tailgrant.web.Html.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The forms: requesting, approving, denying, revoking and extending, each a form post with the CSRF
 * token answered by a 303; who may do what; and request errors shown inline with the input kept.
 */
class PageActionsTest extends ServerStackTest {
  static JsonNode grant(String host, String id) {
    var a = stack.as(host).get("/api/v1/grants/" + id);
    assertEquals(200, a.status(), a::toString);
    return a.json();
  }

  static void assertRedirect(Page p, String location) {
    assertEquals(303, p.status(), p::toString);
    assertEquals(location, p.location(), p::toString);
  }

  @Test
  void requestFormCreatesTheGrantAndRedirectsToIt() {
    Browser alice = stack.browser("alice-laptop");
    Page form = alice.get("/request?type=ci-deploy");
    String target = Html.chosen(Html.options(form.body(), "target")).value();

    String id = requestByForm(alice, "ci-deploy", target, "1h", "deploy release 7");

    JsonNode g = grant("alice-laptop", id);
    assertEquals("ci-deploy", g.path("grantType").asText());
    assertEquals("ci-runner-1", g.path("target").path("name").asText());
    assertEquals("PT1H", g.path("duration").asText());
    assertEquals("deploy release 7", g.path("reason").asText());
    assertEquals("pending_approval", g.path("status").asText());
    Page page = alice.get("/grants/" + id);
    assertHtml(page, 200);
    assertEquals("pending approval", Html.textOf(page.body(), "grant-status"));
  }

  @Test
  void lowRiskRequestByFormBecomesActive() {
    Browser erin = stack.browser("erin-laptop");
    String id = requestByForm(erin, "ssh-prod", null, "20s", "quick look");

    awaitStatus(stack.as("erin-laptop"), id, "active");
    assertEquals("PT20S", grant("erin-laptop", id).path("duration").asText());
  }

  @Test
  void approverApprovesByFormAndIsSentBackToTheGrant() {
    String id = request(stack.as("alice-laptop"), "db-admin");

    Page approved =
        stack.browser("bob-laptop").submit("/grants/" + id + "/approve", "comment", "looks fine");

    assertRedirect(approved, "/grants/" + id);
    JsonNode g = grant("alice-laptop", id);
    assertEquals("active", g.path("status").asText());
    assertEquals("bob@example.com", g.path("approvals").path(0).path("actor").asText());
    assertEquals("looks fine", g.path("approvals").path(0).path("comment").asText());
  }

  @Test
  void approvingFromTheInboxReturnsToTheInbox() {
    String id = request(stack.as("alice-laptop"), "db-admin");

    Page approved =
        stack.browser("erin-laptop").submit("/grants/" + id + "/approve", "next", "/approvals");

    assertRedirect(approved, "/approvals");
    assertEquals("active", status(stack.as("alice-laptop"), id));
  }

  @Test
  void approverDeniesByForm() {
    String id = request(stack.as("alice-laptop"), "ci-deploy", "ci-runner-1", "30m", "deploy");

    Page denied =
        stack
            .browser("erin-laptop")
            .submit(
                "/grants/" + id + "/deny",
                "comment",
                "not during the freeze",
                "next",
                "/approvals");

    assertRedirect(denied, "/approvals");
    JsonNode g = grant("alice-laptop", id);
    assertEquals("denied", g.path("status").asText());
    assertEquals("deny", g.path("approvals").path(0).path("decision").asText());
    assertEquals("not during the freeze", g.path("approvals").path(0).path("comment").asText());
    assertFalse(g.path("activatedAt").isTextual(), "a denied grant never activated: " + g);
  }

  @Test
  void someoneWhoCannotSeeTheGrantGetsANotFoundPageAndNothingChanges() {
    String id = request(stack.as("alice-laptop"), "db-admin");
    Browser dave = stack.browser("dave-laptop");

    assertErrorPage(
        dave.submit("/grants/" + id + "/approve"), 404, "Not found", "no grant '" + id + "'");
    assertErrorPage(dave.submit("/grants/" + id + "/deny"), 404, "Not found", "no grant");
    assertErrorPage(dave.submit("/grants/" + id + "/revoke"), 404, "Not found", "no grant");

    assertEquals("pending_approval", status(stack.as("alice-laptop"), id));
  }

  @Test
  void theRequesterCannotDecideOnTheirOwnGrant() {
    String id = request(stack.as("alice-laptop"), "db-admin");
    Browser alice = stack.browser("alice-laptop");

    assertErrorPage(
        alice.submit("/grants/" + id + "/approve"), 403, "You can't do that", "your own grant");
    assertErrorPage(
        alice.submit("/grants/" + id + "/deny"), 403, "You can't do that", "your own grant");

    JsonNode g = grant("alice-laptop", id);
    assertEquals("pending_approval", g.path("status").asText());
    assertTrue(g.path("approvals").isEmpty(), g::toString);
  }

  @Test
  void anAdminWhoIsNoApproverCannotApprove() {
    String id = request(stack.as("alice-laptop"), "db-admin");

    assertErrorPage(
        stack.browser("carol-laptop").submit("/grants/" + id + "/approve"),
        403,
        "You can't do that",
        "not an approver");

    assertEquals("pending_approval", status(stack.as("alice-laptop"), id));
  }

  @Test
  void requesterRevokesByForm() {
    String id = request(stack.as("alice-laptop"), "ssh-prod");
    awaitStatus(stack.as("alice-laptop"), id, "active");

    Page revoked =
        stack.browser("alice-laptop").submit("/grants/" + id + "/revoke", "comment", "done");

    assertRedirect(revoked, "/grants/" + id);
    assertEquals("revoked", status(stack.as("alice-laptop"), id));
  }

  @Test
  void approverRevokesAPendingGrantByForm() {
    String id = request(stack.as("alice-laptop"), "db-admin");

    Page revoked =
        stack.browser("erin-laptop").submit("/grants/" + id + "/revoke", "comment", "wrong ticket");

    assertRedirect(revoked, "/grants/" + id);
    assertEquals("revoked", status(stack.as("alice-laptop"), id));
  }

  @Test
  void adminRevokesFromTheOverviewAndReturnsToIt() {
    String id = request(stack.as("bob-laptop"), "ssh-prod");
    awaitStatus(stack.as("bob-laptop"), id, "active");

    Page revoked =
        stack.browser("carol-laptop").submit("/grants/" + id + "/revoke", "next", "/admin");

    assertRedirect(revoked, "/admin");
    assertEquals("revoked", status(stack.as("bob-laptop"), id));
  }

  @Test
  void requesterExtendsByForm() {
    String id = request(stack.as("alice-laptop"), "db-admin", null, "1h", "long migration");
    assertEquals(303, stack.browser("bob-laptop").submit("/grants/" + id + "/approve").status());
    Instant before = Instant.parse(grant("alice-laptop", id).path("expiresAt").asText());

    Page extended =
        stack.browser("alice-laptop").submit("/grants/" + id + "/extend", "duration", "30m");

    assertRedirect(extended, "/grants/" + id);
    assertEquals(
        before.plus(Duration.ofMinutes(30)),
        Instant.parse(grant("alice-laptop", id).path("expiresAt").asText()));
  }

  @Test
  void onlyTheRequesterExtends() {
    String id = request(stack.as("alice-laptop"), "db-admin", null, "1h", "long migration");
    assertEquals(303, stack.browser("bob-laptop").submit("/grants/" + id + "/approve").status());
    String before = grant("alice-laptop", id).path("expiresAt").asText();

    assertErrorPage(
        stack.browser("bob-laptop").submit("/grants/" + id + "/extend", "duration", "30m"),
        403,
        "You can't do that",
        "only the requester may extend");
    assertErrorPage(
        stack.browser("carol-laptop").submit("/grants/" + id + "/extend", "duration", "30m"),
        403,
        "You can't do that",
        "only the requester may extend");
    assertErrorPage(
        stack.browser("dave-laptop").submit("/grants/" + id + "/extend", "duration", "30m"),
        404,
        "Not found",
        "no grant");

    assertEquals(
        before, grant("alice-laptop", id).path("expiresAt").asText(), "the end did not move");
  }

  @Test
  void extendingWithABadDurationIsABadRequestPage() {
    String id = request(stack.as("bob-laptop"), "ssh-prod");
    awaitStatus(stack.as("bob-laptop"), id, "active");
    String before = grant("bob-laptop", id).path("expiresAt").asText();

    assertErrorPage(
        stack.browser("bob-laptop").submit("/grants/" + id + "/extend", "duration", "forever"),
        400,
        "That request isn't right",
        "'forever' is not a duration");
    assertErrorPage(
        stack.browser("bob-laptop").submit("/grants/" + id + "/extend"),
        400,
        "That request isn't right",
        "is not a duration");

    assertEquals(before, grant("bob-laptop", id).path("expiresAt").asText());
  }

  @Test
  void unknownActionIsNotFound() {
    String id = request(stack.as("bob-laptop"), "db-admin");

    assertErrorPage(
        stack.browser("bob-laptop").submit("/grants/" + id + "/explode"),
        404,
        "Not found",
        "no such action");

    assertEquals("pending_approval", status(stack.as("bob-laptop"), id));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://evil.example/",
        "//evil.example",
        "//evil.example/approvals",
        "/\\evil.example",
        "\\\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "evil.example",
        " //evil.example",
        "//evil",
        "//localhost",
        "//2130706433",
        "//intranet-host/approvals"
      })
  void nextThatIsNotALocalPathIsIgnored(String next) {
    String id = request(stack.as("alice-laptop"), "db-admin");

    Page approved = stack.browser("bob-laptop").submit("/grants/" + id + "/approve", "next", next);

    assertRedirect(approved, "/grants/" + id);
    assertEquals(
        "active", status(stack.as("alice-laptop"), id), "the action itself still happened");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/\t/evil.example", "/\t\t/evil.example"})
  void nextWithControlCharactersCannotBecomeAnOffSiteRedirect(String next) {
    String id = request(stack.as("alice-laptop"), "db-admin");

    Browser bob = stack.browser("bob-laptop");
    // Over a raw socket: java.net.http turns the tab in a Location header into a space, a browser
    // drops it.
    Page approved =
        bob.raw(
            "POST",
            "/grants/" + id + "/approve",
            "application/x-www-form-urlencoded",
            Browser.encode(Browser.fields("_csrf", bob.csrf(), "next", next))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertEquals(303, approved.status(), approved::toString);
    String browserSees = approved.location().replaceAll("[\\t\\n\\r]", "");
    assertFalse(
        browserSees.startsWith("//") || browserSees.startsWith("/\\"),
        () ->
            "redirect leaves the site once a browser strips tabs/newlines: " + approved.location());
  }

  // ---- the request form's errors ---------------------------------------------------------------

  static String formError(Page p) {
    return Html.textOf(p.body(), "form-error");
  }

  static String ariaInvalid(Page p, String id) {
    return Html.attr(Html.startTag(p.body(), id), "aria-invalid");
  }

  static String textarea(Page p) {
    return Html.text(String.valueOf(Html.inner(p.body(), "textarea", "id=\"reason\"")));
  }

  @Test
  void missingReasonComesBackInlineKeepingTheChosenDuration() {
    Browser alice = stack.browser("alice-laptop");

    Page p = alice.submit("/request", "grantType", "db-admin", "duration", "2h", "reason", "");

    assertHtml(p, 400);
    assertEquals("grant type 'db-admin' needs a reason", formError(p));
    assertEquals("true", ariaInvalid(p, "reason"));
    assertEquals("false", ariaInvalid(p, "duration"));
    assertEquals(
        "2h",
        Html.chosen(Html.options(p.body(), "duration")).value(),
        "the chosen duration is kept");
    assertEquals(
        "db-admin", Html.chosen(Html.options(p.body(), "type")).value(), "the chosen type is kept");
    assertEquals("db-admin", Html.attr(PagesTest.hiddenInput(p.body(), "grantType"), "value"));
    assertEquals(
        alice.cookie(BrowserSafety.CSRF_COOKIE),
        Html.attr(PagesTest.hiddenInput(p.body(), "_csrf"), "value"),
        "the form can be sent again as it is");
  }

  @Test
  void tooLongDurationComesBackInlineKeepingTheReason() {
    Page p =
        stack
            .browser("alice-laptop")
            .submit(
                "/request",
                "grantType",
                "ssh-prod",
                "duration",
                "9h",
                "reason",
                "keep this reason");

    assertHtml(p, 400);
    assertEquals("duration 9h is outside 20s to 8h for 'ssh-prod'", formError(p));
    assertEquals("true", ariaInvalid(p, "duration"));
    assertEquals("keep this reason", textarea(p));
    for (Option o : Html.options(p.body(), "duration")) {
      assertFalse(o.value().equals("9h"), "the refused duration is not offered");
    }
  }

  @Test
  void durationThatIsNotADurationComesBackInline() {
    Page p =
        stack
            .browser("alice-laptop")
            .submit("/request", "grantType", "ssh-prod", "duration", "a while", "reason", "x");

    assertHtml(p, 400);
    assertTrue(formError(p).contains("'a while' is not a duration"), () -> formError(p));
    assertEquals("true", ariaInvalid(p, "duration"));
    assertEquals("x", textarea(p));
  }

  @Test
  void overlongReasonComesBackInline() {
    String reason = "r".repeat(501);

    Page p =
        stack
            .browser("alice-laptop")
            .submit("/request", "grantType", "ssh-prod", "duration", "1h", "reason", reason);

    assertHtml(p, 400);
    assertEquals("a reason is at most 500 characters", formError(p));
    assertEquals(reason, textarea(p));
    assertEquals("1h", Html.chosen(Html.options(p.body(), "duration")).value());
  }

  @Test
  void ineligibleTargetComesBackInlineMarkingTheTarget() {
    Page p =
        stack
            .browser("alice-laptop")
            .submit(
                "/request",
                "grantType",
                "ci-deploy",
                "target",
                "prod-db-1",
                "duration",
                "30m",
                "reason",
                "deploy");

    assertHtml(p, 400);
    assertTrue(formError(p).contains("prod-db-1 does not carry tag:ci"), () -> formError(p));
    assertEquals("true", ariaInvalid(p, "target"));
    assertEquals("ci-deploy", Html.chosen(Html.options(p.body(), "type")).value());
    assertEquals("deploy", textarea(p));
  }

  @Test
  void chosenTargetIsKeptAfterAnError() {
    String runner = stack.device("ci-runner-1").nodeId();

    Page p =
        stack
            .browser("alice-laptop")
            .submit(
                "/request",
                "grantType",
                "ci-deploy",
                "target",
                runner,
                "duration",
                "1h",
                "reason",
                " ");

    assertHtml(p, 400);
    assertEquals("grant type 'ci-deploy' needs a reason", formError(p));
    Option chosen = Html.chosen(Html.options(p.body(), "target"));
    assertEquals(runner, chosen.value());
    assertTrue(chosen.selected(), "the target is explicitly kept");
    assertEquals("1h", Html.chosen(Html.options(p.body(), "duration")).value());
  }

  @Test
  void unknownOrMissingGrantTypeIsABadRequestNotACrash() {
    Page unknown =
        stack
            .browser("alice-laptop")
            .submit("/request", "grantType", "root-everywhere", "reason", "x");
    assertHtml(unknown, 400);
    assertEquals("there is no grant type 'root-everywhere'", formError(unknown));

    Page missing = stack.browser("alice-laptop").submit("/request", "reason", "x");
    assertHtml(missing, 400);
    assertEquals("grantType is required", formError(missing));
  }

  @Test
  void noErrorIsShownOnAFreshForm() {
    Page p = stack.browser("alice-laptop").get("/request");

    assertHtml(p, 200);
    assertNull(formError(p));
    assertFalse(Html.hasId(p.body(), "form-error"));
    List<Option> types = Html.options(p.body(), "type");
    assertEquals("ssh-prod", Html.chosen(types).value(), "the first type is chosen by default");
  }
}
