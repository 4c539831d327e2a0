package io.tailgrant.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.web.Browser.Page;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shorthands the page tests repeat: requesting through the form, reading the badge, polling a page.
 */
final class PageSteps {
  private static final Pattern BADGE =
      Pattern.compile("<span\\b[^>]*\\bid=\"approvals-badge\"[^>]*>\\s*(\\d+)\\s*</span>");
  private static final Pattern GRANT_LOCATION = Pattern.compile("/grants/(g-[a-z0-9]+)");

  private PageSteps() {}

  /** Submits the request form; it must answer 303 to the new grant's page, whose id is returned. */
  static String requestByForm(
      Browser b, String grantType, String target, String duration, String reason) {
    Page p =
        b.submit(
            "/request",
            "grantType",
            grantType,
            "target",
            target == null ? "" : target,
            "duration",
            duration == null ? "" : duration,
            "reason",
            reason == null ? "" : reason);
    assertEquals(303, p.status(), () -> "request " + grantType + " by form: " + p);
    Matcher m = GRANT_LOCATION.matcher(String.valueOf(p.location()));
    assertTrue(m.matches(), () -> "redirect to the new grant's page: " + p);
    return m.group(1);
  }

  /** The {@code #approvals-badge} count on a page; fails when the page has no badge. */
  static int badge(Page p) {
    Matcher m = BADGE.matcher(p.body());
    assertTrue(m.find(), () -> "page has #approvals-badge: " + p);
    return Integer.parseInt(m.group(1));
  }

  /** Polls GET {@code path} until {@code done} holds (with a deadline); returns the last page. */
  static Page awaitPage(Browser b, String path, Predicate<Page> done, String what) {
    return ServerTestStack.eventually(() -> b.get(path), done, what);
  }

  static void assertHtml(Page p, int status) {
    assertEquals(status, p.status(), p::toString);
    String type = p.header("Content-Type");
    assertNotNull(type, p::toString);
    assertTrue(type.startsWith("text/html"), () -> "an HTML page: " + type);
    assertTrue(p.body().contains("<html"), p::toString);
  }

  /** The error page's heading and message, checked against the status. */
  static void assertErrorPage(Page p, int status, String heading, String messagePart) {
    assertHtml(p, status);
    String h1 = Html.text(Html.inner(p.body(), "h1", ""));
    assertEquals(heading, h1, p::toString);
    String alert = Html.text(String.valueOf(Html.inner(p.body(), "p", "role=\"alert\"")));
    assertTrue(alert.contains(messagePart), () -> "the error says '" + messagePart + "': " + alert);
  }
}
