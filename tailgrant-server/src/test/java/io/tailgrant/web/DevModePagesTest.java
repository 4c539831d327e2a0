package io.tailgrant.web;

import static io.tailgrant.web.PageSteps.assertErrorPage;
import static io.tailgrant.web.PageSteps.assertHtml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.identity.CallerResolver;
import io.tailgrant.web.Browser.Page;
import io.tailgrant.web.Html.Option;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dev stack's pages: a visitor first picks a simulated device (the welcome page), the choice
 * lives in an HttpOnly SameSite=Strict cookie, and pages and the JSON API then act as that device.
 * The production half (no picker, no /dev/identity, the dev cookie ignored) is in {@link
 * PagesTest}.
 */
class DevModePagesTest {
  static ServerTestStack dev;

  @BeforeAll
  static void start() {
    dev = ServerTestStack.startDevMode();
  }

  @AfterAll
  static void stop() {
    dev.close();
  }

  static JsonNode json(Page p) {
    try {
      return ApiClient.JSON.readTree(p.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + p, e);
    }
  }

  /** A browser that has picked {@code device} through the picker form. */
  static Browser actingAs(String device) {
    Browser b = dev.browser();
    Page picked = b.submit("/dev/identity", "device", device);
    assertEquals(303, picked.status(), picked::toString);
    return b;
  }

  /**
   * DNS rebinding: a web page at evil.example rebinds its name to 127.0.0.1 and makes the visitor's
   * browser call the dev server with the dev header. The browser still says {@code Host:
   * evil.example}.
   */
  @Test
  void aRequestForAnotherHostNameIsRefusedInDevMode() {
    for (String host :
        List.of("evil.example:" + dev.app.port(), "evil.example", "127.0.0.1.nip.io:8080")) {
      String response =
          RawHttp.exchange(
              dev.baseUrl,
              "GET",
              "/api/v1/me",
              Map.of("Host", host, CallerResolver.DEV_DEVICE_HEADER, "carol-laptop"),
              null,
              null);
      assertEquals(403, RawHttp.status(response), response);
      assertTrue(response.contains("wrong_host"), response);
    }
    for (String host :
        List.of(
            "127.0.0.1:" + dev.app.port(),
            "localhost:" + dev.app.port(),
            "[::1]:" + dev.app.port())) {
      String response =
          RawHttp.exchange(
              dev.baseUrl,
              "GET",
              "/api/v1/me",
              Map.of("Host", host, CallerResolver.DEV_DEVICE_HEADER, "carol-laptop"),
              null,
              null);
      assertEquals(200, RawHttp.status(response), response);
    }
  }

  @Test
  void withoutAChosenDeviceEveryPageIsTheWelcomePage() {
    Browser b = dev.browser();

    for (String path : List.of("/", "/request", "/approvals", "/admin", "/grants/g-aaaaaaaaaaaa")) {
      Page p = b.get(path);
      assertHtml(p, 200);
      String main = Html.mainText(p.body());
      assertTrue(main.contains("Who are you?"), () -> path + ": " + p);
      assertTrue(Html.hasId(p.body(), "dev-device"), () -> path + " shows the picker");
      assertFalse(Html.hasId(p.body(), "approvals-badge"), "nobody is named yet, so no navigation");
    }
  }

  @Test
  void pickerOffersPeoplesDevicesAndCarriesTheCsrfToken() {
    Browser b = dev.browser();

    Page welcome = b.get("/");

    List<String> devices =
        Html.options(welcome.body(), "dev-device").stream().map(Option::value).toList();
    assertTrue(
        devices.containsAll(
            List.of("alice-laptop", "bob-laptop", "erin-laptop", "carol-laptop", "dave-laptop")),
        devices::toString);
    for (String tagged : List.of("prod-db-1", "ci-runner-1", "tailgrant")) {
      assertFalse(
          devices.contains(tagged), () -> "tagged " + tagged + " is no one to act as: " + devices);
    }
    String token = b.cookie(BrowserSafety.CSRF_COOKIE);
    assertNotNull(token, "the welcome page sets the CSRF cookie: " + welcome.headers());
    String field =
        Html.attr(
            PagesTest.hiddenInput(
                Html.inner(welcome.body(), "form", "class=\"devpicker\""), "_csrf"),
            "value");
    assertEquals(token, field, "the picker form carries the cookie's token");
  }

  @Test
  void choosingADeviceSetsTheDevCookieAndPagesActAsIt() {
    Browser b = dev.browser();
    b.csrf();

    Page picked = b.submit("/dev/identity", "device", "bob-laptop");

    assertEquals(303, picked.status(), picked::toString);
    assertEquals("/", picked.location());
    String setCookie = picked.setCookie(PageRoutes.DEV_COOKIE);
    assertNotNull(setCookie, picked::toString);
    List<String> attributes = List.of(setCookie.split(";\\s*"));
    assertEquals(PageRoutes.DEV_COOKIE + "=bob-laptop", attributes.get(0));
    assertTrue(attributes.stream().anyMatch(a -> a.equalsIgnoreCase("HttpOnly")), setCookie);
    assertTrue(attributes.stream().anyMatch(a -> a.equalsIgnoreCase("SameSite=Strict")), setCookie);

    Page home = b.get("/");
    assertHtml(home, 200);
    assertTrue(Html.mainText(home.body()).contains("My grants"), home::toString);
    assertTrue(
        home.body().contains("<span class=\"login\">bob@example.com</span>"), home::toString);
    assertEquals(
        "bob-laptop",
        Html.chosen(Html.options(home.body(), "dev-device")).value(),
        "the picker shows who you are");
    assertTrue(
        Html.options(home.body(), "dev-device").stream()
            .anyMatch(o -> o.selected() && o.value().equals("bob-laptop")));

    Page me = b.get("/api/v1/me");
    assertEquals(200, me.status(), me::toString);
    assertEquals("bob@example.com", json(me).path("login").asText());
    assertEquals("bob-laptop", json(me).path("device").path("name").asText());
    assertTrue(json(me).path("devMode").asBoolean(false));
  }

  @Test
  void switchingDevicesChangesWhoPagesAndTheApiActAs() {
    Browser b = actingAs("alice-laptop");
    assertEquals("alice@example.com", json(b.get("/api/v1/me")).path("login").asText());

    assertEquals(303, b.submit("/dev/identity", "device", "carol-laptop").status());

    assertEquals("carol@example.com", json(b.get("/api/v1/me")).path("login").asText());
    Page admin = b.get("/admin");
    assertHtml(admin, 200);
    assertTrue(Html.mainText(admin.body()).contains("Active and pending grants"), admin::toString);
  }

  @Test
  void devCallerRequestsByFormAndSeesTheGrant() {
    Browser alice = actingAs("alice-laptop");

    String id = PageSteps.requestByForm(alice, "db-admin", null, "1h", "dev walkthrough");

    Page grant = alice.get("/grants/" + id);
    assertHtml(grant, 200);
    assertTrue(
        Html.text(grant.body()).contains("Requested by alice@example.com from alice-laptop"),
        grant::toString);
    Browser bob = actingAs("bob-laptop");
    PageSteps.awaitPage(
        bob, "/approvals", p -> Html.grantLinks(p.body()).contains(id), id + " in bob's dev inbox");
    assertEquals(303, bob.submit("/grants/" + id + "/approve", "next", "/approvals").status());
    GrantRequests.awaitStatus(
        dev.anonymous()
            .header(io.tailgrant.identity.CallerResolver.DEV_DEVICE_HEADER, "alice-laptop"),
        id,
        "active");
  }

  @Test
  void choosingADeviceNeedsTheCsrfTokenAndTheSameOrigin() {
    Browser b = dev.browser();
    b.csrf();

    Page noToken = b.postForm("/dev/identity", Map.of("device", "carol-laptop"));
    assertErrorPage(noToken, 403, "You can't do that", "security token");
    assertNull(noToken.setCookie(PageRoutes.DEV_COOKIE));

    Page crossSite =
        b.header("Sec-Fetch-Site", "cross-site").submit("/dev/identity", "device", "carol-laptop");
    assertErrorPage(crossSite, 403, "You can't do that", "cross-site");
    assertNull(crossSite.setCookie(PageRoutes.DEV_COOKIE));

    assertNull(b.cookie(PageRoutes.DEV_COOKIE), "no device was chosen");
    assertTrue(Html.mainText(b.get("/").body()).contains("Who are you?"));
  }

  @Test
  void aDeviceThatIsNoNameIsABadRequest() {
    Browser b = dev.browser();

    Page bad = b.submit("/dev/identity", "device", "../../etc; Path=/x");
    assertErrorPage(bad, 400, "That request isn't right", "pick a device from the list");
    assertNull(bad.setCookie(PageRoutes.DEV_COOKIE));
    Page missing = b.submit("/dev/identity");
    assertErrorPage(missing, 400, "That request isn't right", "pick a device");
  }

  @Test
  void aTaggedDevicePickedByHandIsStillRefused() {
    Browser b = actingAs("prod-db-1");

    assertErrorPage(b.get("/"), 403, "You can't do that", "tagged devices");
    assertEquals(403, b.get("/api/v1/me").status());
  }
}
