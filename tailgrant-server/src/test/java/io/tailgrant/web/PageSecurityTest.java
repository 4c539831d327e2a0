package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.awaitStatus;
import static io.tailgrant.web.GrantRequests.body;
import static io.tailgrant.web.GrantRequests.request;
import static io.tailgrant.web.GrantRequests.status;
import static io.tailgrant.web.PageSteps.assertErrorPage;
import static io.tailgrant.web.PageSteps.assertHtml;
import static io.tailgrant.web.PageSteps.awaitPage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.web.ApiClient.Answer;
import io.tailgrant.web.Browser.Page;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What keeps a browser from being used against its user: the CSRF token on every form, the
 * same-origin check on every state-changing request, escaping of everything users typed, and the
 * security headers and cookie flags.
 */
class PageSecurityTest extends ServerStackTest {
  static final String CSRF_MESSAGE = "security token is missing or out of date";
  static final String CROSS_SITE_MESSAGE = "cross-site requests are refused";

  static Map<String, String> form(String... pairs) {
    return new LinkedHashMap<>(Browser.fields(pairs));
  }

  // ---- CSRF ------------------------------------------------------------------------------------

  @Test
  void firstPageSetsTheCsrfCookieAndItsFormsCarryTheSameToken() {
    Browser alice = stack.browser("alice-laptop");

    Page p = alice.get("/request");

    assertHtml(p, 200);
    String setCookie = p.setCookie(BrowserSafety.CSRF_COOKIE);
    assertNotNull(setCookie, p::toString);
    String token = alice.cookie(BrowserSafety.CSRF_COOKIE);
    assertTrue(token.length() >= 32, "a long random token: " + token);
    String field = Html.attr(PagesTest.hiddenInput(p.body(), "_csrf"), "value");
    assertEquals(token, field, "the form's _csrf is the cookie's token");

    Page again = alice.get("/");
    assertNull(
        again.setCookie(BrowserSafety.CSRF_COOKIE), "a browser that has the cookie keeps it");
    assertEquals(
        token,
        Html.attr(
            PagesTest.hiddenInput(
                stack
                    .browser("alice-laptop")
                    .setCookie(BrowserSafety.CSRF_COOKIE, token)
                    .get("/request")
                    .body(),
                "_csrf"),
            "value"));
    assertNotEquals(
        token, stack.browser("alice-laptop").csrf(), "every browser gets its own token");
  }

  @Test
  void postWithoutTheCsrfFieldIsRefusedAndNothingChanges() {
    String id = request(stack.as("alice-laptop"), "ssh-prod");
    awaitStatus(stack.as("alice-laptop"), id, "active");
    Browser alice = stack.browser("alice-laptop");
    alice.csrf();

    Page revoke = alice.postForm("/grants/" + id + "/revoke", form("comment", "forged"));

    assertErrorPage(revoke, 403, "You can't do that", CSRF_MESSAGE);
    assertEquals("active", status(stack.as("alice-laptop"), id));
  }

  @Test
  void postWithATokenThatDoesNotMatchTheCookieIsRefused() {
    String id = request(stack.as("alice-laptop"), "db-admin");
    Browser bob = stack.browser("bob-laptop");
    String token = bob.csrf();
    String other = stack.browser("bob-laptop").csrf();

    assertErrorPage(
        bob.postForm("/grants/" + id + "/approve", form("_csrf", other)),
        403,
        "You can't do that",
        CSRF_MESSAGE);
    assertErrorPage(
        bob.postForm("/grants/" + id + "/approve", form("_csrf", token + "x")),
        403,
        "You can't do that",
        CSRF_MESSAGE);
    assertErrorPage(
        bob.postForm("/grants/" + id + "/approve", form("_csrf", "")),
        403,
        "You can't do that",
        CSRF_MESSAGE);

    assertEquals("pending_approval", status(stack.as("alice-laptop"), id));
  }

  @Test
  void postWithATokenButNoCookieIsRefused() {
    String id = request(stack.as("alice-laptop"), "db-admin");
    Browser bob = stack.browser("bob-laptop");
    String token = bob.csrf();
    bob.clearCookies();

    Page p = bob.postForm("/grants/" + id + "/approve", form("_csrf", token));

    assertErrorPage(p, 403, "You can't do that", CSRF_MESSAGE);
    assertEquals("pending_approval", status(stack.as("alice-laptop"), id));
  }

  @Test
  void forgedRequestFormCreatesNoGrant() {
    Browser alice = stack.browser("alice-laptop");
    alice.csrf();

    Page forged =
        alice.postForm(
            "/request",
            form("grantType", "ssh-prod", "duration", "1h", "reason", "forged-csrf-request"));
    assertErrorPage(forged, 403, "You can't do that", CSRF_MESSAGE);
    Page crossSite =
        alice
            .header("Sec-Fetch-Site", "cross-site")
            .submit(
                "/request",
                "grantType",
                "ssh-prod",
                "duration",
                "1h",
                "reason",
                "forged-cross-site-request");
    assertErrorPage(crossSite, 403, "You can't do that", CROSS_SITE_MESSAGE);

    // A later, real request that shows up in the lists: a forged grant made before it would have
    // had its time to show up too.
    String later = PageSteps.requestByForm(alice, "ssh-prod", null, "1h", "a real request");
    Page home =
        awaitPage(
            alice, "/", p -> Html.grantLinks(p.body()).contains(later), later + " on alice's home");
    assertFalse(home.body().contains("forged-"), "no forged grant was created");
    for (var g :
        stack.as("alice-laptop").get("/api/v1/grants?view=mine&limit=500").json().path("grants")) {
      assertFalse(g.path("reason").asText().startsWith("forged-"), g::toString);
    }
  }

  @Test
  void jsonBodyToAFormRouteCarriesNoTokenAndIsRefused() {
    Browser alice = stack.browser("alice-laptop");
    alice.csrf();

    Page p =
        alice.post(
            "/request",
            "application/json",
            "{\"_csrf\":\""
                + alice.cookie(BrowserSafety.CSRF_COOKIE)
                + "\",\"grantType\":\"ssh-prod\",\"reason\":\"x\"}");

    assertErrorPage(p, 403, "You can't do that", CSRF_MESSAGE);
  }

  // ---- same origin -----------------------------------------------------------------------------

  @Test
  void crossSitePagePostIsRefusedEvenWithAValidToken() {
    String id = request(stack.as("alice-laptop"), "db-admin");
    Browser bob = stack.browser("bob-laptop");
    bob.csrf();

    for (String site : List.of("cross-site", "same-site")) {
      Page p = bob.header("Sec-Fetch-Site", site).submit("/grants/" + id + "/approve");
      assertErrorPage(p, 403, "You can't do that", CROSS_SITE_MESSAGE);
    }
    assertEquals("pending_approval", status(stack.as("alice-laptop"), id));
  }

  @Test
  void foreignOriginWithoutSecFetchSiteIsRefused() {
    String id = request(stack.as("alice-laptop"), "db-admin");
    Browser bob = stack.browser("bob-laptop").header("Sec-Fetch-Site", null);
    bob.csrf();

    Page p = bob.header("Origin", "https://evil.example").submit("/grants/" + id + "/approve");

    assertErrorPage(p, 403, "You can't do that", CROSS_SITE_MESSAGE);
    assertEquals("pending_approval", status(stack.as("alice-laptop"), id));
  }

  @Test
  void ownOriginAndNoOriginAtAllArePagePostsThatWork() {
    String first = request(stack.as("alice-laptop"), "db-admin");
    String second = request(stack.as("alice-laptop"), "db-admin");
    String third = request(stack.as("alice-laptop"), "db-admin");
    Browser bob = stack.browser("bob-laptop").header("Sec-Fetch-Site", null);
    bob.csrf();

    assertEquals(
        303, bob.header("Origin", stack.baseUrl).submit("/grants/" + first + "/approve").status());
    assertEquals(
        303,
        bob.submit("/grants/" + second + "/approve").status(),
        "no Origin, no Sec-Fetch-Site: not a browser");
    assertEquals(
        303, bob.header("Sec-Fetch-Site", "none").submit("/grants/" + third + "/approve").status());

    for (String id : List.of(first, second, third)) {
      assertEquals("active", status(stack.as("alice-laptop"), id));
    }
  }

  @Test
  void crossSiteApiRequestIsRefused() {
    ApiClient alice = stack.as("alice-laptop");

    Answer crossSite =
        alice
            .header("Sec-Fetch-Site", "cross-site")
            .post("/api/v1/grants", body("ssh-prod", null, "1h", "x"));
    assertEquals(403, crossSite.status(), crossSite::toString);
    assertEquals("forbidden", crossSite.error());
    assertTrue(
        crossSite.json().path("message").asText().contains(CROSS_SITE_MESSAGE),
        crossSite::toString);

    Answer foreignOrigin =
        alice
            .header("Origin", "https://evil.example")
            .post("/api/v1/grants", body("ssh-prod", null, "1h", "x"));
    assertEquals(403, foreignOrigin.status(), foreignOrigin::toString);
    assertEquals("forbidden", foreignOrigin.error());

    String id = request(alice, "db-admin");
    Answer approve =
        stack
            .as("bob-laptop")
            .header("Sec-Fetch-Site", "cross-site")
            .post("/api/v1/grants/" + id + "/approve");
    assertEquals(403, approve.status(), approve::toString);
    assertEquals("pending_approval", status(alice, id));
  }

  @Test
  void curlLikeApiRequestsStillWork() {
    ApiClient alice = stack.as("alice-laptop");

    Answer created = alice.post("/api/v1/grants", body("ssh-prod", null, "1h", "from curl"));
    assertEquals(202, created.status(), created::toString);

    Answer sameOrigin =
        alice
            .header("Origin", stack.baseUrl)
            .post("/api/v1/grants", body("ssh-prod", null, "1h", "from the page's script"));
    assertEquals(202, sameOrigin.status(), sameOrigin::toString);
    Answer fetchSameOrigin =
        alice
            .header("Sec-Fetch-Site", "same-origin")
            .post("/api/v1/grants", body("ssh-prod", null, "1h", "fetch"));
    assertEquals(202, fetchSameOrigin.status(), fetchSameOrigin::toString);
    Answer crossSiteRead = alice.header("Sec-Fetch-Site", "cross-site").get("/api/v1/me");
    assertEquals(200, crossSiteRead.status(), "reads are not state-changing: " + crossSiteRead);
  }

  // ---- escaping --------------------------------------------------------------------------------

  @Test
  void scriptInAReasonIsShownEscapedEverywhere() {
    String script = "<script>alert(1)</script>";
    Browser alice = stack.browser("alice-laptop");
    String id = PageSteps.requestByForm(alice, "db-admin", null, "1h", script);
    Browser bob = stack.browser("bob-laptop");
    Browser carol = stack.browser("carol-laptop");

    Page grantPage = alice.get("/grants/" + id);
    assertHtml(grantPage, 200);
    assertTrue(
        grantPage.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), grantPage::toString);
    assertEquals(
        script,
        Html.text(Html.inner(grantPage.body(), "dd", "class=\"reason\"")),
        "the reason reads as typed");

    Page inbox =
        awaitPage(
            bob, "/approvals", p -> Html.grantLinks(p.body()).contains(id), id + " in bob's inbox");
    assertTrue(inbox.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), inbox::toString);

    Page home =
        awaitPage(alice, "/", p -> Html.grantLinks(p.body()).contains(id), id + " on alice's home");
    Page admin =
        awaitPage(
            carol,
            "/admin",
            p -> Html.grantLinks(p.body()).contains(id),
            id + " on the admin page");
    assertEquals(
        303,
        bob.submit("/grants/" + id + "/approve", "comment", "<img src=x onerror=alert(2)>")
            .status());
    Page approved = alice.get("/grants/" + id);
    assertTrue(approved.body().contains("&lt;img src=x onerror=alert(2)&gt;"), approved::toString);

    for (Page p :
        List.of(
            grantPage,
            inbox,
            home,
            admin,
            approved,
            bob.get("/grants/" + id),
            carol.get("/grants/" + id))) {
      assertFalse(p.body().contains("<script>alert"), () -> "raw script in a page: " + p);
      assertFalse(p.body().contains("<img src=x"), () -> "raw markup in a page: " + p);
    }
  }

  @Test
  void markupInTheUrlIsEscapedOnErrorPages() {
    Page notFound =
        stack.browser("alice-laptop").get("/grants/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assertErrorPage(notFound, 404, "Not found", "no grant '<script>alert(1)</script>'");
    assertFalse(notFound.body().contains("<script>alert"), notFound::toString);

    Page noRoute = stack.browser("alice-laptop").get("/%3Cscript%3Ealert(1)%3C/script%3E");
    assertTrue(noRoute.status() == 404 || noRoute.status() == 400, noRoute::toString);
    assertFalse(noRoute.body().contains("<script>alert"), noRoute::toString);

    Page badType =
        stack
            .browser("alice-laptop")
            .submit("/request", "grantType", "<script>alert(1)</script>", "reason", "x");
    assertHtml(badType, 400);
    assertFalse(badType.body().contains("<script>alert"), badType::toString);
    assertTrue(badType.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), badType::toString);
  }

  // ---- headers and cookies ---------------------------------------------------------------------

  static void assertSecurityHeaders(Page p) {
    String csp = p.header("Content-Security-Policy");
    assertNotNull(csp, () -> "CSP on " + p);
    assertFalse(csp.contains("'unsafe-inline'"), csp);
    assertFalse(csp.contains("'unsafe-eval'"), csp);
    assertTrue(csp.contains("script-src 'self'"), csp);
    assertTrue(csp.contains("frame-ancestors 'none'"), csp);
    assertEquals("DENY", p.header("X-Frame-Options"), p::toString);
    assertEquals("no-referrer", p.header("Referrer-Policy"), p::toString);
    assertEquals("nosniff", p.header("X-Content-Type-Options"), p::toString);
  }

  @Test
  void everyPageCarriesTheSecurityHeaders() {
    String id = request(stack.as("alice-laptop"), "db-admin");
    Browser alice = stack.browser("alice-laptop");

    for (String path :
        List.of(
            "/",
            "/request",
            "/request?type=ci-deploy",
            "/approvals",
            "/grants/" + id,
            "/admin",
            "/grants/g-doesnotexist1",
            "/no/such/page")) {
      Page p = alice.get(path);
      assertTrue(p.status() < 500, p::toString);
      assertTrue(
          p.header("Content-Type").startsWith("text/html"),
          () -> path + ": " + p.header("Content-Type"));
      assertSecurityHeaders(p);
    }
    assertSecurityHeaders(alice.submit("/grants/" + id + "/extend", "duration", "10m"));
    assertSecurityHeaders(alice.submit("/request", "grantType", "ssh-prod", "reason", ""));
    assertSecurityHeaders(alice.postForm("/request", Map.of("reason", "x")));
    assertSecurityHeaders(stack.browser("prod-db-1").get("/"));
  }

  @Test
  void csrfCookieIsHttpOnlyAndSameSiteStrict() {
    Page p = stack.browser("alice-laptop").get("/");

    String setCookie = p.setCookie(BrowserSafety.CSRF_COOKIE);
    assertNotNull(setCookie, p::toString);
    List<String> attributes = List.of(setCookie.split(";\\s*"));
    assertTrue(attributes.stream().anyMatch(a -> a.equalsIgnoreCase("HttpOnly")), setCookie);
    assertTrue(attributes.stream().anyMatch(a -> a.equalsIgnoreCase("SameSite=Strict")), setCookie);
    assertTrue(attributes.stream().anyMatch(a -> a.equalsIgnoreCase("Path=/")), setCookie);
    assertFalse(
        attributes.stream().anyMatch(a -> a.equalsIgnoreCase("Secure")),
        "plain http cannot keep a Secure cookie");

    Page https = stack.browser("alice-laptop").header("X-Forwarded-Proto", "https").get("/");
    String secure = https.setCookie(BrowserSafety.CSRF_COOKIE);
    assertTrue(
        List.of(secure.split(";\\s*")).stream().anyMatch(a -> a.equalsIgnoreCase("Secure")),
        "behind https the cookie is Secure: " + secure);
  }
}
