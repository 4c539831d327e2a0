package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.awaitStatus;
import static io.tailgrant.web.GrantRequests.request;
import static io.tailgrant.web.PageSteps.assertHtml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.web.Browser.Page;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The grant page's "Show the auth key" button: the key on a page no cache keeps, once, for the
 * requester only; the button is not offered to anyone else nor after the key was shown.
 */
class AuthKeyPageTest extends ServerStackTest {
  private static final Pattern KEY =
      Pattern.compile("<code id=\"auth-key\">(tskey-auth-[^<]+)</code>");

  @Test
  void theRequesterSeesTheKeyOnceOnItsOwnPage() {
    String id = request(stack.as("alice-laptop"), "ci-join", null, "30m", null);
    awaitStatus(stack.as("alice-laptop"), id, "active");
    Browser alice = stack.browser("alice-laptop");
    assertTrue(alice.get("/grants/" + id).body().contains("id=\"take-key\""), "the button");

    Page shown = alice.submit("/grants/" + id + "/auth-key");
    assertHtml(shown, 200);
    assertEquals("no-store", shown.header("Cache-Control"));
    Matcher m = KEY.matcher(shown.body());
    assertTrue(m.find(), shown.body());
    String key = m.group(1);

    Page again = alice.submit("/grants/" + id + "/auth-key");
    assertEquals(410, again.status(), again::toString);
    assertFalse(again.body().contains(key), "never shown twice");
    Page grant = alice.get("/grants/" + id);
    assertFalse(grant.body().contains("id=\"take-key\""), "no button once shown");
    assertFalse(grant.body().contains(key));
  }

  @Test
  void nobodyElseIsOfferedOrShownTheKey() {
    String id = request(stack.as("alice-laptop"), "ci-join", null, "30m", null);
    awaitStatus(stack.as("alice-laptop"), id, "active");
    Browser carol = stack.browser("carol-laptop");
    assertFalse(carol.get("/grants/" + id).body().contains("id=\"take-key\""));
    Page taken = carol.submit("/grants/" + id + "/auth-key");
    assertFalse(taken.status() == 200, taken::toString);
    assertFalse(taken.body().contains("tskey-auth-"), taken::toString);
  }
}
