package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.awaitStatus;
import static io.tailgrant.web.GrantRequests.request;
import static io.tailgrant.web.ServerTestStack.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.web.ApiClient.Answer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/grants} pages: stable tokens, limits, filters, who sees what, and history
 * beyond the directory's window. The server here takes the directory to keep two ended grants, so
 * older ones are history; this Temporal (the SDK's test server) has no list-with-query, so history
 * comes from the audit file the worker writes.
 */
class PagedListsTest {
  static ServerTestStack stack;
  static Path auditFile;

  @BeforeAll
  static void start() throws Exception {
    auditFile = Files.createTempDirectory("tailgrant-audit").resolve("audit.jsonl");
    stack = ServerTestStack.startWithHistory(auditFile, 2);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  /** Every page of {@code query} (a path with its query) for {@code as}, following the tokens. */
  static List<JsonNode> allPages(ApiClient as, String query) {
    List<JsonNode> out = new ArrayList<>();
    String token = null;
    for (int i = 0; i < 100; i++) {
      Answer a = as.get(query + (token == null ? "" : "&pageToken=" + token));
      assertEquals(200, a.status(), a::toString);
      a.json().path("grants").forEach(out::add);
      token = a.json().path("nextPageToken").asText(null);
      if (token == null) {
        return out;
      }
    }
    throw new AssertionError("more than 100 pages of " + query);
  }

  static List<String> ids(List<JsonNode> grants) {
    return grants.stream().map(g -> g.path("id").asText()).toList();
  }

  static List<String> ids(Answer a) {
    assertEquals(200, a.status(), a::toString);
    List<String> out = new ArrayList<>();
    a.json().path("grants").forEach(g -> out.add(g.path("id").asText()));
    return out;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static void assertRefused(Answer a, int status, String error) {
    assertEquals(status, a.status(), a::toString);
    assertEquals(error, a.error(), a::toString);
    assertFalse(a.json().path("message").asText().isBlank(), a::toString);
  }

  @Test
  void aPageTokenContinuesWhereItWasWhateverIsRequestedMeanwhile() {
    ApiClient bob = stack.as("bob-laptop");
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      made.add(request(bob, "ssh-prod"));
    }
    String query =
        "/api/v1/grants?view=all&requester=bob%40example.com&type=ssh-prod&status=active";
    ApiClient carol = stack.as("carol-laptop");
    eventually(
        () -> ids(allPages(carol, query + "&limit=500")),
        l -> l.containsAll(made),
        "bob's five grants listed as active");
    List<String> before = ids(allPages(carol, query + "&limit=500"));
    assertEquals(Set.copyOf(made), Set.copyOf(before.subList(0, 5)), "newest request first");

    Answer first = carol.get(query + "&limit=2");
    assertEquals(before.subList(0, 2), ids(first));
    String token = first.json().path("nextPageToken").asText();
    List<String> newer = List.of(request(bob, "ssh-prod"), request(bob, "ssh-prod"));
    eventually(
        () -> ids(allPages(carol, query + "&limit=500")),
        l -> l.containsAll(newer),
        "the two newer grants listed");

    List<String> rest = new ArrayList<>(ids(first));
    while (token != null) {
      Answer next = carol.get(query + "&limit=2&pageToken=" + token);
      rest.addAll(ids(next));
      token = next.json().path("nextPageToken").asText(null);
    }
    assertEquals(before, rest, "the pages after the first go on from it, with none repeated");
    assertTrue(rest.stream().noneMatch(newer::contains), "later grants are on no later page");
  }

  @Test
  void limitsAndTokensAreCheckedAndBadOnesChangeNothing() {
    ApiClient carol = stack.as("carol-laptop");
    for (String bad : List.of("0", "501", "-1", "ten", "1e3")) {
      assertRefused(carol.get("/api/v1/grants?view=all&limit=" + bad), 400, "bad_limit");
    }
    assertEquals(200, carol.get("/api/v1/grants?view=all&limit=500").status());
    assertEquals(200, carol.get("/api/v1/grants?view=all&limit=1").status());
    ApiClient bob = stack.as("bob-laptop");
    request(bob, "ssh-prod");
    request(bob, "ssh-prod");
    String token =
        eventually(
                () -> bob.get("/api/v1/grants?view=mine&limit=1").json(),
                j -> j.hasNonNull("nextPageToken"),
                "a second page of bob's grants")
            .path("nextPageToken")
            .asText();
    assertEquals(200, bob.get("/api/v1/grants?view=mine&limit=1&pageToken=" + token).status());

    for (String bad :
        List.of(
            "nonsense",
            token.substring(0, token.length() - 2),
            flip(token, token.length() / 2),
            "x".repeat(5000),
            "%00")) {
      assertRefused(
          bob.get("/api/v1/grants?view=mine&limit=1&pageToken=" + bad), 400, "bad_page_token");
    }
    assertRefused(
        bob.get("/api/v1/grants?view=approvals&limit=1&pageToken=" + token), 400, "bad_page_token");
    assertRefused(
        bob.get("/api/v1/grants?view=mine&type=ssh-prod&limit=1&pageToken=" + token),
        400,
        "bad_page_token");

    assertRefused(carol.get("/api/v1/grants?view=all&status=gone"), 400, "bad_filter");
    assertRefused(carol.get("/api/v1/grants?view=all&type=" + enc("a'b")), 400, "bad_filter");
    assertRefused(
        carol.get("/api/v1/grants?view=all&requester=" + enc("x\\' OR 1=1")), 400, "bad_filter");
    assertRefused(
        carol.get("/api/v1/grants?view=all&target=" + "t".repeat(201)), 400, "bad_filter");
    assertRefused(carol.get("/api/v1/grants?view=all&from=yesterday"), 400, "bad_time");
    assertRefused(carol.get("/api/v1/grants?view=all&from=2026-03-01"), 400, "bad_time");
    assertRefused(
        carol.get("/api/v1/grants?view=all&from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z"),
        400,
        "bad_time");
  }

  private static String flip(String token, int at) {
    char c = token.charAt(at);
    return token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
  }

  @Test
  void eachFilterNarrowsTheList() {
    String mine = request(stack.as("alice-laptop"), "ssh-prod");
    String ci = request(stack.as("erin-laptop"), "ci-deploy", "ci-runner-1", "30m", "filters");
    ApiClient carol = stack.as("carol-laptop");
    String all = "/api/v1/grants?view=all&limit=500";
    eventually(
        () -> ids(carol.get(all)), l -> l.containsAll(List.of(mine, ci)), "both grants listed");
    awaitStatus(stack.as("alice-laptop"), mine, "active");
    eventually(
        () -> ids(carol.get(all + "&status=active")), l -> l.contains(mine), "listed as active");

    assertFiltered(carol, all + "&type=ci-deploy", ci, mine);
    assertFiltered(carol, all + "&type=ssh-prod", mine, ci);
    assertFiltered(carol, all + "&requester=" + enc("erin@example.com"), ci, mine);
    assertFiltered(carol, all + "&target=ci-runner-1", ci, mine);
    assertFiltered(carol, all + "&target=alice-laptop", mine, ci);
    assertFiltered(carol, all + "&status=pending_approval", ci, mine);
    assertFiltered(carol, all + "&status=active", mine, ci);
    Instant at =
        Instant.parse(
            stack
                .as("erin-laptop")
                .get("/api/v1/grants/" + ci)
                .json()
                .path("requestedAt")
                .asText());
    Instant mineAt =
        Instant.parse(
            stack
                .as("alice-laptop")
                .get("/api/v1/grants/" + mine)
                .json()
                .path("requestedAt")
                .asText());
    assertTrue(mineAt.isBefore(at), "precondition: alice asked first");
    assertFiltered(carol, all + "&from=" + enc(at.toString()), ci, mine);
    assertFiltered(carol, all + "&to=" + enc(at.toString()), mine, ci);
    assertFiltered(
        carol,
        all + "&from=" + enc(mineAt.toString()) + "&to=" + enc(mineAt.plusMillis(1).toString()),
        mine,
        ci);
    assertTrue(
        ids(carol.get(all + "&type=ci-deploy&requester=" + enc("alice@example.com"))).isEmpty(),
        "filters add up");
  }

  private static void assertFiltered(ApiClient as, String query, String shown, String hidden) {
    List<String> l = ids(allPages(as, query));
    assertTrue(l.contains(shown), () -> query + " shows " + shown + ": " + l);
    assertFalse(l.contains(hidden), () -> query + " hides " + hidden + ": " + l);
  }

  @Test
  void aPersonSeesOnlyTheirOwnGrantsWhateverTheFiltersAndTokens() {
    String bobs = request(stack.as("bob-laptop"), "ssh-prod");
    ApiClient alice = stack.as("alice-laptop");
    String alices = request(alice, "ssh-prod");
    eventually(
        () -> ids(alice.get("/api/v1/grants?view=mine&limit=500")),
        l -> l.contains(alices),
        "alice's grant in her list");
    eventually(
        () -> ids(stack.as("carol-laptop").get("/api/v1/grants?view=all&limit=500")),
        l -> l.contains(bobs),
        "bob's grant in the admin's list");

    Answer asBob = alice.get("/api/v1/grants?view=mine&requester=" + enc("bob@example.com"));
    assertEquals(List.of(), ids(asBob), "naming another requester shows nothing of theirs");
    assertNull(asBob.json().get("nextPageToken"), asBob::toString);
    for (JsonNode g : allPages(alice, "/api/v1/grants?view=mine&limit=1")) {
      assertEquals("alice@example.com", g.path("requester").asText(), g::toString);
    }
    for (JsonNode g : allPages(alice, "/api/v1/grants?view=mine&limit=3&status=revoked")) {
      assertEquals("alice@example.com", g.path("requester").asText(), g::toString);
    }
    assertRefused(
        alice.get("/api/v1/grants?view=all&requester=" + enc("bob@example.com")), 403, "forbidden");
    assertRefused(alice.get("/api/v1/grants?view=active&type=ssh-prod"), 403, "forbidden");
    String carolsToken =
        stack
            .as("carol-laptop")
            .get("/api/v1/grants?view=all&limit=1")
            .json()
            .path("nextPageToken")
            .asText();
    assertRefused(
        alice.get("/api/v1/grants?view=all&limit=1&pageToken=" + carolsToken), 403, "forbidden");
    List<String> approvals =
        ids(alice.get("/api/v1/grants?view=approvals&requester=" + enc("bob@example.com")));
    assertTrue(approvals.isEmpty(), "alice approves nothing: " + approvals);
  }

  @Test
  void endedGrantsOlderThanTheWindowAreListedFromTheAuditFile() {
    ApiClient erin = stack.as("erin-laptop");
    List<String> ended = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id = request(erin, "ssh-prod", null, "1h", "history " + i);
      awaitStatus(erin, id, "active");
      assertEquals(
          200, erin.post("/api/v1/grants/" + id + "/revoke", Map.of("reason", "done")).status());
      awaitStatus(erin, id, "revoked");
      ended.add(id);
    }
    // Two more ended grants push all of erin's out of the two-grant window.
    for (int i = 0; i < 2; i++) {
      ApiClient bob = stack.as("bob-laptop");
      String id = request(bob, "ssh-prod");
      awaitStatus(bob, id, "active");
      assertEquals(200, bob.post("/api/v1/grants/" + id + "/revoke", Map.of()).status());
      awaitStatus(bob, id, "revoked");
    }
    ApiClient carol = stack.as("carol-laptop");
    String erins =
        "/api/v1/grants?view=all&limit=1&status=revoked&requester=" + enc("erin@example.com");
    List<JsonNode> listed =
        eventually(
            () -> allPages(carol, erins),
            l -> ids(l).containsAll(ended),
            "all four of erin's ended grants, the older ones from the audit file");
    assertEquals(new HashSet<>(ids(listed)).size(), listed.size(), "none twice: " + ids(listed));
    for (JsonNode g : listed) {
      assertEquals("revoked", g.path("status").asText(), g::toString);
      assertEquals("ssh-prod", g.path("grantType").asText(), g::toString);
      assertNotNull(g.path("requestedAt").asText(null), g::toString);
      assertNotNull(g.path("endedAt").asText(null), g::toString);
    }
    // A grant from history is what its source knows: no kind, no risk (the window's have them).
    long fromHistory = listed.stream().filter(g -> g.path("kind").isNull()).count();
    assertTrue(fromHistory >= 2, "the older ones came from the audit file: " + listed);

    List<String> hers = ids(allPages(erin, "/api/v1/grants?view=mine&limit=2"));
    assertTrue(hers.containsAll(ended), "erin's own list reaches back as far: " + hers);
    Set<String> alices =
        new HashSet<>(ids(allPages(stack.as("alice-laptop"), "/api/v1/grants?view=mine&limit=2")));
    assertTrue(ended.stream().noneMatch(alices::contains), "and nobody else's does");

    String to = Instant.now().plusSeconds(86_400 * 365).toString();
    List<String> inRange =
        ids(allPages(carol, erins + "&from=" + enc("2000-01-01T00:00:00Z") + "&to=" + enc(to)));
    assertTrue(inRange.containsAll(ended), "a time range reaches history too: " + inRange);
    List<String> before = ids(allPages(carol, erins + "&to=" + enc("2000-01-01T00:00:00Z")));
    assertEquals(List.of(), before, "nothing was requested before 2000");
  }

  @Test
  void theAdminPagePagesAndEscapesWhatItEchoes() {
    Browser carol = stack.browser("carol-laptop");
    Browser.Page hostile =
        carol.get("/admin?show=all&requester=" + enc("<b>x</b>") + "&target=" + enc("<i>y"));
    assertEquals(200, hostile.status(), hostile::toString);
    assertFalse(hostile.body().contains("<b>x</b>") || hostile.body().contains("<i>y"));
    assertTrue(hostile.body().contains("&lt;b&gt;x&lt;/b&gt;"), "the filter kept, as text");

    request(stack.as("bob-laptop"), "ssh-prod");
    request(stack.as("bob-laptop"), "ssh-prod");
    String bobs = "/admin?requester=" + enc("bob@example.com") + "&limit=1";
    Browser.Page first =
        eventually(() -> carol.get(bobs), p -> p.body().contains("id=\"page-older\""), "paged");
    assertEquals(1, Html.grantLinks(first.body()).size());
    String older =
        Html.attr(Html.startTag(first.body(), "page-older"), "href").replace("&amp;", "&");
    assertTrue(older.startsWith("/admin?requester=bob%40example.com&limit=1&pageToken="), older);
    Browser.Page second = carol.get(older);
    assertEquals(200, second.status(), second::toString);
    assertTrue(second.body().contains("id=\"page-newer\""), "a way back");
    assertEquals(1, Html.grantLinks(second.body()).size());
    assertFalse(
        Html.grantLinks(second.body()).equals(Html.grantLinks(first.body())), "the next grant");
  }
}
