package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.request;
import static io.tailgrant.web.GrantRequests.status;
import static io.tailgrant.web.PageSteps.assertErrorPage;
import static io.tailgrant.web.PageSteps.assertHtml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.web.Browser.Page;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Readable error pages with the right status, and never a 500 from odd paths or bad form bodies.
 */
class PageErrorsTest extends ServerStackTest {
  @Test
  void unknownGrantIsANotFoundPage() {
    Page wellFormed = stack.browser("alice-laptop").get("/grants/g-nosuchgrant1");
    assertErrorPage(wellFormed, 404, "Not found", "no grant 'g-nosuchgrant1'");
    assertTrue(wellFormed.body().contains("href=\"/\""), "the page leads back home");
    assertTrue(
        Html.hasId(wellFormed.body(), "approvals-badge"),
        "a known caller keeps the navigation on an error page");

    assertErrorPage(
        stack.browser("alice-laptop").get("/grants/not-a-grant-id"),
        404,
        "Not found",
        "no grant 'not-a-grant-id'");
  }

  @Test
  void unknownPathIsANotFoundPage() {
    assertErrorPage(
        stack.browser("alice-laptop").get("/no/such/page"),
        404,
        "Not found",
        "no such page or API route: /no/such/page");
  }

  @Test
  void approvingAnActiveGrantIsAConflictPage() {
    String id = request(stack.as("alice-laptop"), "db-admin");
    assertEquals(303, stack.browser("bob-laptop").submit("/grants/" + id + "/approve").status());

    Page again = stack.browser("erin-laptop").submit("/grants/" + id + "/approve");

    assertErrorPage(again, 409, "That can't be done now", "grant is active");
    assertTrue(Html.text(again.body()).contains("wrong_state"), again::toString);
    assertEquals("active", status(stack.as("alice-laptop"), id));
  }

  @Test
  void extendingAPendingGrantIsAConflictPage() {
    String id = request(stack.as("alice-laptop"), "db-admin");

    assertErrorPage(
        stack.browser("alice-laptop").submit("/grants/" + id + "/extend", "duration", "30m"),
        409,
        "That can't be done now",
        "grant is pending_approval");
    assertEquals("pending_approval", status(stack.as("alice-laptop"), id));
  }

  @Test
  void taggedDeviceGetsAForbiddenPageSayingWhy() {
    Page p = stack.browser("prod-db-1").get("/");

    assertErrorPage(
        p, 403, "You can't do that", "requests from tagged devices (tag:prod-db) are refused");
    assertFalse(Html.hasId(p.body(), "approvals-badge"), "nobody is named, so no navigation");
    assertErrorPage(
        stack.browser("ci-runner-1").get("/request"), 403, "You can't do that", "tagged devices");
    assertErrorPage(
        stack.browser("ci-runner-1").submit("/request", "grantType", "ssh-prod", "reason", "x"),
        403,
        "You can't do that",
        "tagged devices");
  }

  @Test
  void funnelRequestGetsAForbiddenPageSayingWhy() {
    Browser alice = stack.browser("alice-laptop");
    alice.csrf(); // from the tailnet: a Funnel request is refused before it is given a token
    Browser viaFunnel = alice.header("Tailscale-Funnel-Request", "?1");

    assertErrorPage(viaFunnel.get("/"), 403, "You can't do that", "not available through Funnel");
    assertErrorPage(
        viaFunnel.get("/approvals"), 403, "You can't do that", "not available through Funnel");
    assertErrorPage(
        viaFunnel.submit("/request", "grantType", "ssh-prod", "reason", "x"),
        403,
        "You can't do that",
        "Funnel");
  }

  @Test
  void unknownCallerGetsAForbiddenPage() {
    assertErrorPage(stack.browser().get("/"), 403, "You can't do that", "unknown caller");
    assertErrorPage(
        stack.browser().header("X-Forwarded-For", "198.51.100.7").get("/request"),
        403,
        "You can't do that",
        "unknown caller");
  }

  @Test
  void requestingATypeOneMayNotRequestIsAForbiddenPage() {
    Page p =
        stack
            .browser("dave-laptop")
            .submit("/request", "grantType", "db-admin", "duration", "1h", "reason", "x");

    assertErrorPage(
        p, 403, "You can't do that", "dave@example.com may not request grant type 'db-admin'");
  }

  @Test
  void someoneWhoMayRequestNothingIsToldSo() {
    Page p = stack.browser("dave-laptop").get("/request");

    assertHtml(p, 200);
    assertTrue(Html.mainText(p.body()).contains("There is nothing you may request."), p::toString);
    assertFalse(
        p.body().contains("action=\"/request\" class=\"card\""), "no request form for dave");
  }

  @Test
  void askingForTheFormOfATypeOneMayNotRequestIsAForbiddenPage() {
    Page p = stack.browser("dave-laptop").get("/request?type=db-admin");

    assertErrorPage(p, 403, "You can't do that", "may not request grant type 'db-admin'");
  }

  // ---- garbage never makes a 500
  // -----------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/grants/",
        "/grants//approve",
        "/grants/%00",
        "/grants/%2e%2e",
        "/grants/..%2f..%2fetc%2fpasswd",
        "/%",
        "/%zz",
        "/%ff%fe",
        "/request?type=%ff",
        "/request?type=%zz",
        "/request?type=",
        "/request?type=nope",
        "/admin?status=%zz",
        "/approvals/x",
        "/;jsessionid=1",
        "/grants/g-aaaaaaaaaaaa/approve",
        "/static/..%2f..%2fpom.xml",
        "/dev/identity",
        "/?a=%",
        "//",
        "/./request",
        "/grants/g-aaaaaaaaaaaa/../../admin"
      })
  void oddPathsNeverFail(String path) {
    Page p = stack.browser("alice-laptop").raw("GET", path, null, null);

    assertTrue(p.status() < 500, () -> "GET " + path + ": " + p);
    assertFalse(p.body().contains("Something went wrong"), () -> "GET " + path + ": " + p);
  }

  @Test
  void undecodablePathParameterIsNotA500() {
    Browser alice = stack.browser("alice-laptop");
    String token = alice.csrf();

    Page get = alice.raw("GET", "/grants/%u0041", null, null);
    assertTrue(get.status() == 400 || get.status() == 404, () -> "GET /grants/%u0041: " + get);
    Page post =
        alice.raw(
            "POST",
            "/grants/%u0041/approve",
            "application/x-www-form-urlencoded",
            ("_csrf=" + token).getBytes(StandardCharsets.UTF_8));
    assertTrue(
        post.status() == 400 || post.status() == 404, () -> "POST /grants/%u0041/approve: " + post);
  }

  @Test
  void aVeryLongGrantIdIsNotFound() {
    assertErrorPage(
        stack.browser("alice-laptop").get("/grants/g-" + "a".repeat(5000)),
        404,
        "Not found",
        "no grant");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PUT", "DELETE", "PATCH", "OPTIONS"})
  void otherMethodsOnPagesNeverFail(String method) {
    Page p =
        stack
            .browser("alice-laptop")
            .raw(
                method,
                "/request",
                "application/x-www-form-urlencoded",
                "a=b".getBytes(StandardCharsets.UTF_8));

    assertTrue(p.status() >= 400 && p.status() < 500, () -> method + " /request: " + p);
  }

  @Test
  void headOfAPageAnswersLikeGet() {
    Page p = stack.browser("alice-laptop").raw("HEAD", "/request", null, null);

    assertEquals(200, p.status(), p::toString);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "%",
        "%%%",
        "_csrf=%zz",
        "=&=&&==",
        "grantType",
        "grantType=ssh-prod&grantType=db-admin&reason=x",
        "reason=%E0%A4%A",
        "reason=%C0%AF&grantType=ssh-prod",
        "duration=%00&grantType=ssh-prod&reason=x",
        "grantType=ssh-prod&target=%0D%0A&reason=x&duration=1h%0D%0A"
      })
  void badFormBodiesNeverFail(String rawForm) {
    Browser alice = stack.browser("alice-laptop");
    String token = alice.csrf();

    for (String body : new String[] {rawForm, "_csrf=" + token + "&" + rawForm}) {
      Page p = alice.post("/request", "application/x-www-form-urlencoded", body);
      assertTrue(p.status() < 500, () -> "POST /request '" + body + "': " + p);
      assertTrue(
          p.status() == 303 || p.status() == 400 || p.status() == 403,
          () -> "POST /request '" + body + "': " + p);
      assertTrue(
          p.header("Content-Type") == null
              || !p.header("Content-Type").startsWith("application/json"),
          p::toString);
    }
  }

  @Test
  void bodiesThatAreNotFormsNeverFail() {
    Browser alice = stack.browser("alice-laptop");
    alice.csrf();

    byte[] invalidUtf8 = {'r', 'e', 'a', 's', 'o', 'n', '=', (byte) 0xC3, (byte) 0x28, (byte) 0xFF};
    for (Page p :
        new Page[] {
          alice.post("/request", null, ""),
          alice.post("/request", "text/plain", "hello"),
          alice.post("/request", "application/json", "{\"grantType\":"),
          alice.post("/request", "application/x-www-form-urlencoded", "x=" + "y".repeat(200_000)),
          alice.raw("POST", "/request", "application/x-www-form-urlencoded", invalidUtf8),
          alice.raw(
              "POST",
              "/request",
              "application/x-www-form-urlencoded; charset=utf-16",
              "reason=x".getBytes(StandardCharsets.UTF_8)),
        }) {
      assertTrue(p.status() >= 400 && p.status() < 500, p::toString);
    }
  }

  @Test
  void formWithAnUnknownCharsetIsRefusedWithoutA500() {
    Browser alice = stack.browser("alice-laptop");
    String token = alice.csrf();

    Page p =
        alice.raw(
            "POST",
            "/request",
            "application/x-www-form-urlencoded; charset=klingon",
            ("_csrf=" + token + "&grantType=ssh-prod&reason=x").getBytes(StandardCharsets.UTF_8));

    assertTrue(p.status() == 400 || p.status() == 403 || p.status() == 415, p::toString);
  }

  @Test
  void malformedMultipartBodyIsRefusedWithoutA500() {
    Browser alice = stack.browser("alice-laptop");
    alice.csrf();

    Page p =
        alice.raw(
            "POST",
            "/request",
            "multipart/form-data; boundary=xyz",
            "garbage".getBytes(StandardCharsets.UTF_8));

    assertTrue(p.status() == 400 || p.status() == 403, p::toString);
  }

  @Test
  void wellFormedMultipartFormWorksOrIsRefusedCleanly() {
    Browser alice = stack.browser("alice-laptop");
    String token = alice.csrf();
    String boundary = "tgboundary42";
    StringBuilder b = new StringBuilder();
    for (var f :
        Map.of("_csrf", token, "grantType", "ssh-prod", "duration", "1h", "reason", "multipart")
            .entrySet()) {
      b.append("--")
          .append(boundary)
          .append("\r\n")
          .append("Content-Disposition: form-data; name=\"")
          .append(f.getKey())
          .append("\"\r\n\r\n")
          .append(f.getValue())
          .append("\r\n");
    }
    b.append("--").append(boundary).append("--\r\n");

    Page p =
        alice.raw(
            "POST",
            "/request",
            "multipart/form-data; boundary=" + boundary,
            b.toString().getBytes(StandardCharsets.UTF_8));

    assertTrue(
        p.status() == 303 || p.status() == 400 || p.status() == 403 || p.status() == 415,
        p::toString);
  }
}
