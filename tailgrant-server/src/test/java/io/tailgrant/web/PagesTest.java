package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.awaitStatus;
import static io.tailgrant.web.GrantRequests.request;
import static io.tailgrant.web.PageSteps.assertErrorPage;
import static io.tailgrant.web.PageSteps.assertHtml;
import static io.tailgrant.web.PageSteps.awaitPage;
import static io.tailgrant.web.PageSteps.badge;
import static io.tailgrant.web.PageSteps.requestByForm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.grant.Durations;
import io.tailgrant.web.Browser.Page;
import io.tailgrant.web.Html.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the HTML pages show: my grants, the request form, a grant's page, the approvals inbox with
 * its badge, and the admin overview. Lists come from the directory asynchronously, so pages that
 * list grants are polled with a deadline.
 */
class PagesTest extends ServerStackTest {
  @Test
  void homeShowsTheEmptyStateToSomeoneWithoutGrants() {
    Page home = stack.browser("dave-laptop").get("/");

    assertHtml(home, 200);
    String main = Html.mainText(home.body());
    assertTrue(main.contains("My grants"), main);
    assertTrue(main.contains("You have no grants yet."), main);
    assertTrue(Html.grantLinks(home.body()).isEmpty(), home::toString);
    assertTrue(
        home.body().contains("<span class=\"login\">dave@example.com</span>"),
        "whoami names the caller");
  }

  @Test
  void homeListsARequestedGrantWithItsStatus() {
    Browser alice = stack.browser("alice-laptop");
    String id = requestByForm(alice, "db-admin", null, "1h", "read the slow query log");

    Page home =
        awaitPage(alice, "/", p -> Html.rowOf(p.body(), id) != null, id + " on alice's home page");

    String row = Html.text(Html.rowOf(home.body(), id));
    assertTrue(row.contains("db-admin"), row);
    assertTrue(row.contains("alice-laptop"), row);
    assertTrue(row.contains("pending approval"), row);
    assertFalse(
        Html.mainText(home.body()).contains("You have no grants yet."),
        "no empty state once there is a grant");

    assertEquals(
        200, stack.as("bob-laptop").post("/api/v1/grants/" + id + "/approve", Map.of()).status());
    Page after =
        awaitPage(
            alice,
            "/",
            p -> {
              String r = Html.rowOf(p.body(), id);
              return r != null && Html.text(r).contains("active");
            },
            id + " listed as active");
    assertTrue(
        Html.rowOf(after.body(), id).contains("class=\"countdown\""),
        "an active grant counts down on the home page");
  }

  @Test
  void requestFormDescribesEachGrantType() {
    Page ssh = stack.browser("alice-laptop").get("/request?type=ssh-prod");
    assertHtml(ssh, 200);
    List<Option> types = Html.options(ssh.body(), "type");
    assertEquals(
        List.of(
            "ssh-prod",
            "db-admin",
            "ssh-prod-emergency",
            "ci-deploy",
            "k8s-view",
            "k8s-admin",
            "k8s-tka",
            "tailnet-admin",
            "ci-join",
            "db-migrate",
            "db-schema"),
        types.stream().map(Option::value).toList());
    for (Option t : types) {
      String description = stack.config.grantType(t.value()).orElseThrow().description();
      assertTrue(t.text().contains(description), () -> "type option names its description: " + t);
    }
    assertEquals("ssh-prod", Html.chosen(types).value());
    String info = Html.text(Html.inner(ssh.body(), "section", "class=\"typeinfo\""));
    assertTrue(info.contains(stack.config.grantType("ssh-prod").orElseThrow().description()), info);
    assertTrue(info.contains("Risk low"), info);
    assertTrue(info.contains("Longest 8h"), info);
    assertTrue(info.contains("none: granted at once"), info);

    Page db = stack.browser("alice-laptop").get("/request?type=db-admin");
    assertHtml(db, 200);
    assertEquals("db-admin", Html.chosen(Html.options(db.body(), "type")).value());
    String dbInfo = Html.text(Html.inner(db.body(), "section", "class=\"typeinfo\""));
    assertTrue(dbInfo.contains("Risk high"), dbInfo);
    assertTrue(dbInfo.contains("Longest 4h"), dbInfo);
    assertTrue(
        dbInfo.contains("bob@example.com") && dbInfo.contains("erin@example.com"),
        "approvers named: " + dbInfo);
    assertFalse(dbInfo.contains("granted at once"), dbInfo);
    assertEquals(
        "db-admin",
        Html.attr(hiddenInput(db.body(), "grantType"), "value"),
        "the form posts the chosen type");
  }

  @Test
  void postureTypesPreselectTheCallersOwnDevice() {
    for (String type : List.of("ssh-prod", "db-admin")) {
      Page p = stack.browser("bob-laptop").get("/request?type=" + type);
      assertHtml(p, 200);
      List<Option> targets = Html.options(p.body(), "target");
      assertEquals(
          List.of("bob-laptop"),
          targets.stream().map(Option::text).toList(),
          type + ": only bob's own laptop");
      assertEquals(
          stack.device("bob-laptop").nodeId(),
          Html.chosen(targets).value(),
          type + ": bob's laptop is what the form sends");
    }
  }

  @Test
  void ciDeployOffersTheCiRunnerAndNoLaptops() {
    Page p = stack.browser("alice-laptop").get("/request?type=ci-deploy");

    assertHtml(p, 200);
    List<Option> targets = Html.options(p.body(), "target");
    List<String> names = targets.stream().map(Option::text).toList();
    assertTrue(names.contains("ci-runner-1"), names::toString);
    for (String never :
        List.of(
            "alice-laptop",
            "bob-laptop",
            "erin-laptop",
            "carol-laptop",
            "dave-laptop",
            "prod-db-1",
            "tailgrant")) {
      assertFalse(names.contains(never), () -> never + " must not be offered: " + names);
    }
    Option runner = targets.get(names.indexOf("ci-runner-1"));
    assertEquals(stack.device("ci-runner-1").nodeId(), runner.value());
  }

  @Test
  void durationPresetsStayWithinEachTypesLimitsAndPreselectTheDefault() {
    for (String type : List.of("ssh-prod", "db-admin", "ci-deploy")) {
      var config = stack.config.grantType(type).orElseThrow();
      Page p = stack.browser("alice-laptop").get("/request?type=" + type);
      assertHtml(p, 200);
      List<Option> presets = Html.options(p.body(), "duration");
      assertFalse(presets.isEmpty(), type + " offers durations");
      for (Option o : presets) {
        Duration d =
            Durations.parse(o.value())
                .orElseThrow(() -> new AssertionError(type + ": not a duration: " + o));
        assertTrue(
            d.compareTo(config.maxDuration()) <= 0,
            () -> type + ": preset " + o.value() + " exceeds the maximum " + config.maxDuration());
        assertTrue(
            d.compareTo(config.minDuration()) >= 0,
            () -> type + ": preset " + o.value() + " is below the minimum");
      }
      List<String> values = presets.stream().map(Option::value).toList();
      assertTrue(
          values.contains(Durations.format(config.maxDuration())),
          () -> type + " offers its maximum: " + values);
      assertEquals(
          Durations.format(config.defaultDuration()),
          Html.chosen(presets).value(),
          type + " preselects its default");
      assertEquals(
          1, presets.stream().filter(Option::selected).count(), type + ": one preset is selected");
    }
  }

  @Test
  void grantPageShowsTheGrantAndCountsDownOnlyWhileActive() {
    Browser alice = stack.browser("alice-laptop");
    String id = requestByForm(alice, "db-admin", null, "1h", "rotate the replica password");

    Page pending = alice.get("/grants/" + id);
    assertHtml(pending, 200);
    assertEquals("pending approval", Html.textOf(pending.body(), "grant-status"));
    String facts = Html.text(Html.inner(pending.body(), "dl", "class=\"facts\""));
    assertTrue(facts.contains("Requested by alice@example.com from alice-laptop"), facts);
    assertTrue(facts.contains("Reason rotate the replica password"), facts);
    assertTrue(facts.contains("Duration 1h"), facts);
    assertTrue(facts.contains("Risk high"), facts);
    assertTrue(
        facts.contains("bob@example.com") && facts.contains("erin@example.com"),
        "approvers: " + facts);
    assertTrue(facts.contains("Decisions none yet"), facts);
    assertFalse(Html.hasId(pending.body(), "countdown"), "no countdown before the grant is active");
    String timeline = Html.text(Html.inner(pending.body(), "ol", "class=\"timeline\""));
    assertTrue(timeline.contains("alice@example.com requested"), timeline);

    assertEquals(
        200,
        stack
            .as("bob-laptop")
            .post("/api/v1/grants/" + id + "/approve", Map.of("comment", "go ahead"))
            .status());

    Page active = alice.get("/grants/" + id);
    assertHtml(active, 200);
    assertEquals("active", Html.textOf(active.body(), "grant-status"));
    assertTrue(Html.hasId(active.body(), "countdown"), "an active grant counts down");
    String expires = Html.attr(Html.startTag(active.body(), "countdown"), "data-expires");
    String apiExpires =
        stack.as("alice-laptop").get("/api/v1/grants/" + id).json().path("expiresAt").asText();
    assertEquals(
        Instant.parse(apiExpires), Instant.parse(expires), "the countdown runs to the grant's end");
    assertTrue(Html.textOf(active.body(), "countdown").endsWith("left"), active::toString);
    String activeFacts = Html.text(Html.inner(active.body(), "dl", "class=\"facts\""));
    assertTrue(activeFacts.contains("Decisions bob@example.com approved"), activeFacts);
    assertTrue(activeFacts.contains("go ahead"), activeFacts);
    String activeTimeline = Html.text(Html.inner(active.body(), "ol", "class=\"timeline\""));
    assertTrue(activeTimeline.contains("alice@example.com requested"), activeTimeline);
    assertTrue(activeTimeline.contains("bob@example.com approved"), activeTimeline);
    assertTrue(activeTimeline.contains("tailgrant activated"), activeTimeline);

    assertEquals(
        200, stack.as("alice-laptop").post("/api/v1/grants/" + id + "/revoke", Map.of()).status());
    Page revoked = alice.get("/grants/" + id);
    assertEquals("revoked", Html.textOf(revoked.body(), "grant-status"));
    assertFalse(Html.hasId(revoked.body(), "countdown"), "no countdown once the grant has ended");
    assertFalse(
        Html.hasId(revoked.body(), "revoke") || Html.hasId(revoked.body(), "extend"),
        "an ended grant offers no actions");
  }

  @Test
  void grantPageOffersEachViewerOnlyWhatTheyMayDo() {
    String id = request(stack.as("alice-laptop"), "db-admin");

    Page byRequester = stack.browser("alice-laptop").get("/grants/" + id);
    assertTrue(Html.hasId(byRequester.body(), "revoke"), "the requester may revoke");
    assertFalse(
        Html.hasId(byRequester.body(), "approve") || Html.hasId(byRequester.body(), "deny"),
        "nobody decides on their own grant");
    assertFalse(Html.hasId(byRequester.body(), "extend"), "a pending grant cannot be extended");

    Page byApprover = stack.browser("bob-laptop").get("/grants/" + id);
    assertTrue(
        Html.hasId(byApprover.body(), "approve") && Html.hasId(byApprover.body(), "deny"),
        byApprover::toString);
    assertTrue(Html.hasId(byApprover.body(), "revoke"));

    Page byAdmin = stack.browser("carol-laptop").get("/grants/" + id);
    assertHtml(byAdmin, 200);
    assertFalse(
        Html.hasId(byAdmin.body(), "approve"), "an admin who is no approver does not decide");
    assertTrue(Html.hasId(byAdmin.body(), "revoke"), "an admin may revoke");

    assertErrorPage(
        stack.browser("dave-laptop").get("/grants/" + id),
        404,
        "Not found",
        "no grant '" + id + "'");

    assertEquals(
        200, stack.as("erin-laptop").post("/api/v1/grants/" + id + "/approve", Map.of()).status());
    Page activeForRequester = stack.browser("alice-laptop").get("/grants/" + id);
    assertTrue(
        Html.hasId(activeForRequester.body(), "extend"),
        "the requester may extend an active grant");
    assertEquals(
        List.of("15m", "30m", "1h", "2h"),
        Html.options(activeForRequester.body(), "extend-by").stream().map(Option::value).toList());
    Page activeForApprover = stack.browser("bob-laptop").get("/grants/" + id);
    assertFalse(Html.hasId(activeForApprover.body(), "extend"), "only the requester extends");
    assertFalse(Html.hasId(activeForApprover.body(), "approve"), "nothing left to decide");
  }

  @Test
  void approvalsInboxListsPendingGrantsOldestFirst() {
    String older = request(stack.as("alice-laptop"), "db-admin", null, "1h", "older request");
    String newer =
        request(stack.as("erin-laptop"), "ci-deploy", "ci-runner-1", "30m", "newer request");
    Instant olderAt =
        Instant.parse(
            stack
                .as("alice-laptop")
                .get("/api/v1/grants/" + older)
                .json()
                .path("requestedAt")
                .asText());
    Instant newerAt =
        Instant.parse(
            stack
                .as("erin-laptop")
                .get("/api/v1/grants/" + newer)
                .json()
                .path("requestedAt")
                .asText());
    assertTrue(olderAt.isBefore(newerAt), "precondition: the requests were made in order");
    Browser bob = stack.browser("bob-laptop");

    Page inbox =
        awaitPage(
            bob,
            "/approvals",
            p -> Html.grantLinks(p.body()).containsAll(List.of(older, newer)),
            "both grants in bob's approvals");

    assertHtml(inbox, 200);
    List<String> links = Html.grantLinks(inbox.body());
    assertTrue(links.indexOf(older) < links.indexOf(newer), () -> "oldest first: " + links);
    String card = Html.text(cardOf(inbox.body(), older));
    assertTrue(card.contains("db-admin for alice@example.com on alice-laptop"), card);
    assertTrue(card.contains("high"), card);
    assertTrue(card.contains("older request"), card);
    assertTrue(
        cardOf(inbox.body(), older).contains("action=\"/grants/" + older + "/approve\""),
        "the card has an approve form");
    assertTrue(
        cardOf(inbox.body(), older).contains("formaction=\"/grants/" + older + "/deny\""),
        "and a deny button");

    Page alicesInbox = stack.browser("alice-laptop").get("/approvals");
    assertFalse(
        Html.grantLinks(alicesInbox.body()).contains(older),
        "a requester never approves their own grant");
    Page davesInbox = stack.browser("dave-laptop").get("/approvals");
    assertHtml(davesInbox, 200);
    assertTrue(
        Html.mainText(davesInbox.body()).contains("Nothing is waiting for you."),
        davesInbox::toString);
  }

  @Test
  void approvalsBadgeCountsWhatWaitsForTheCallerOnEveryPage() {
    Browser erin = stack.browser("erin-laptop");
    int before = ListViewsTest.list("erin-laptop", "approvals").size();
    awaitPage(erin, "/", p -> badge(p) == before, "erin's badge to settle at " + before);

    String id = request(stack.as("alice-laptop"), "db-admin");
    ServerTestStack.eventually(
        () -> ListViewsTest.list("erin-laptop", "approvals"),
        l -> l.contains(id),
        id + " waiting for erin");
    int waiting = before + 1;
    for (String path :
        List.of(
            "/", "/request", "/approvals", "/grants/" + id, "/grants/g-doesnotexist1", "/admin")) {
      Page p = erin.get(path);
      assertTrue(p.status() < 500, p::toString);
      assertEquals(waiting, badge(p), () -> "badge on " + path + ": " + p);
    }
    Page inbox = erin.get("/approvals");
    assertEquals(
        waiting,
        Html.grantLinks(Html.inner(inbox.body(), "main", "")).size(),
        "the badge counts the inbox's cards");
    assertFalse(
        Html.startTag(inbox.body(), "approvals-badge").contains("hidden"),
        "a non-zero badge shows");

    assertEquals(
        200, stack.as("bob-laptop").post("/api/v1/grants/" + id + "/approve", Map.of()).status());
    awaitPage(erin, "/", p -> badge(p) == before, "erin's badge back to " + before);

    Page dave = stack.browser("dave-laptop").get("/");
    assertEquals(0, badge(dave));
    assertTrue(
        Html.attr(Html.startTag(dave.body(), "approvals-badge"), "class").contains("hidden"),
        "a zero badge is hidden");
  }

  @Test
  void adminSeesAllOpenGrantsAndFiltersNarrowTheTable() {
    String pending =
        request(stack.as("alice-laptop"), "db-admin", null, "1h", "admin view pending");
    String active = request(stack.as("bob-laptop"), "ssh-prod", null, "1h", "admin view active");
    awaitStatus(stack.as("bob-laptop"), active, "active");
    String ended = request(stack.as("erin-laptop"), "ssh-prod", null, "1h", "admin view ended");
    awaitStatus(stack.as("erin-laptop"), ended, "active");
    assertEquals(
        200,
        stack.as("erin-laptop").post("/api/v1/grants/" + ended + "/revoke", Map.of()).status());
    Browser carol = stack.browser("carol-laptop");

    Page all =
        awaitPage(
            carol,
            "/admin",
            p -> {
              List<String> ids = Html.grantLinks(p.body());
              // Lists follow the directory a moment behind: wait until they show the activation.
              return ids.containsAll(List.of(pending, active))
                  && !ids.contains(ended)
                  && Html.text(Html.rowOf(p.body(), active)).contains("active");
            },
            "the open grants, and not the revoked one, on the admin page");
    assertHtml(all, 200);
    assertTrue(Html.text(Html.rowOf(all.body(), pending)).contains("alice@example.com"));
    assertTrue(Html.text(Html.rowOf(all.body(), pending)).contains("pending approval"));
    assertTrue(Html.text(Html.rowOf(all.body(), active)).contains("bob@example.com"));
    assertTrue(
        Html.rowOf(all.body(), active).contains("action=\"/grants/" + active + "/revoke\""),
        "each row can be revoked");
    assertTrue(all.body().contains("href=\"/admin\""), "an admin's nav links the overview");

    assertFiltered(carol, "/admin?type=db-admin", pending, active);
    assertFiltered(carol, "/admin?type=ssh-prod", active, pending);
    assertFiltered(carol, "/admin?requester=bob@example.com", active, pending);
    assertFiltered(carol, "/admin?requester=alice@example.com", pending, active);
    assertFiltered(carol, "/admin?status=pending_approval", pending, active);
    assertFiltered(carol, "/admin?status=active", active, pending);
    assertFiltered(
        carol, "/admin?type=ssh-prod&requester=bob@example.com&status=active", active, pending);
    Page typed = carol.get("/admin?type=db-admin");
    assertEquals(
        "db-admin",
        Html.chosen(Html.options(typed.body(), "f-type")).value(),
        "the filter keeps its choice");
    Page none =
        carol.get("/admin?type=db-admin&requester=bob@example.com&status=active&target=nowhere");
    assertHtml(none, 200);
    assertTrue(Html.mainText(none.body()).contains("No grant matches."), none::toString);
    assertTrue(Html.grantLinks(none.body()).isEmpty(), none::toString);
  }

  @Test
  void adminPageIsForAdminsOnly() {
    Page byAlice = stack.browser("alice-laptop").get("/admin");

    assertErrorPage(byAlice, 403, "You can't do that", "only admins may list everyone's grants");
    assertFalse(
        stack.browser("alice-laptop").get("/").body().contains("href=\"/admin\""),
        "no overview link for non-admins");
    assertErrorPage(
        stack.browser("bob-laptop").get("/admin?status=active"),
        403,
        "You can't do that",
        "only admins");
  }

  @Test
  void productionPagesHaveNoDevicePicker() {
    Browser alice = stack.browser("alice-laptop");
    for (String path : List.of("/", "/request", "/approvals", "/grants/g-doesnotexist1")) {
      Page p = alice.get(path);
      assertTrue(p.status() == 200 || p.status() == 404, p::toString);
      assertFalse(
          Html.hasId(p.body(), "dev-device"), () -> "no dev picker outside dev mode: " + path);
      assertFalse(p.body().contains("action=\"/dev/identity\""), p::toString);
      assertFalse(Html.mainText(p.body()).contains("Who are you?"), p::toString);
      assertNull(p.setCookie(PageRoutes.DEV_COOKIE));
    }
  }

  @Test
  void productionHasNoDevIdentityRouteAndIgnoresTheDevCookie() {
    Browser alice = stack.browser("alice-laptop");

    Page devIdentity = alice.submit("/dev/identity", "device", "bob-laptop");
    assertErrorPage(devIdentity, 404, "Not found", "/dev/identity");
    assertNull(devIdentity.setCookie(PageRoutes.DEV_COOKIE), "no dev cookie in production");

    Browser anonymous = stack.browser().setCookie(PageRoutes.DEV_COOKIE, "bob-laptop");
    assertErrorPage(anonymous.get("/"), 403, "You can't do that", "unknown caller");
    assertEquals(
        403, anonymous.get("/api/v1/me").status(), "the dev cookie names no one in production");
    alice.setCookie(PageRoutes.DEV_COOKIE, "bob-laptop");
    assertTrue(
        alice.get("/").body().contains("<span class=\"login\">alice@example.com</span>"),
        "in production the network says who you are, whatever the cookie says");
    Page me = alice.get("/api/v1/me");
    assertEquals(200, me.status(), me::toString);
    assertTrue(me.body().contains("\"login\":\"alice@example.com\""), me::toString);
  }

  private static void assertFiltered(Browser b, String path, String shown, String hidden) {
    Page p = b.get(path);
    assertHtml(p, 200);
    List<String> ids = Html.grantLinks(p.body());
    assertTrue(ids.contains(shown), () -> path + " shows " + shown + ": " + ids);
    assertFalse(ids.contains(hidden), () -> path + " hides " + hidden + ": " + ids);
  }

  static String hiddenInput(String body, String name) {
    var m =
        java.util.regex.Pattern.compile("<input\\b[^>]*\\bname=\"" + name + "\"[^>]*>")
            .matcher(body);
    return m.find() ? m.group() : null;
  }

  /** The approvals card ({@code <li class="card">}) of grant {@code id}. */
  static String cardOf(String body, String id) {
    var m =
        java.util.regex.Pattern.compile(
                "<li class=\"card\">(?:(?!</li>).)*?href=\"/grants/" + id + "\".*?</li>",
                java.util.regex.Pattern.DOTALL)
            .matcher(body);
    assertTrue(m.find(), () -> "a card for " + id);
    String card = m.group();
    assertNotNull(card);
    return card;
  }
}
