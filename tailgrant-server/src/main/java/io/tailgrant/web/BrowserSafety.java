package io.tailgrant.web;

import io.javalin.http.Context;
import io.tailgrant.grant.Refusal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * What keeps a browser from being used against its own user. Identity here is the network (WhoIs),
 * so any page another site makes the browser load would act as the user: state-changing requests
 * must come from our own pages. Forms carry a CSRF token matching an HttpOnly SameSite=Strict
 * cookie; every state-changing request from a browser must also be same-origin by its {@code
 * Sec-Fetch-Site} and {@code Origin} headers (curl sends neither).
 */
final class BrowserSafety {
  static final String CSRF_COOKIE = "tailgrant_csrf";
  static final String CSRF_FIELD = "_csrf";
  static final String CSRF_ATTRIBUTE = "tailgrant.csrf";
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; "
          + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  private static final SecureRandom RANDOM = new SecureRandom();

  private BrowserSafety() {}

  static void headers(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Content-Type-Options", "nosniff");
  }

  /** Refuses a state-changing request that a browser says came from another site. */
  static void requireSameOrigin(Context ctx) {
    if (SAFE_METHODS.contains(ctx.method().name())) {
      return;
    }
    // Browsers set Sec-Fetch-Site and pages cannot forge it; it is the better signal when present
    // (with Referrer-Policy no-referrer, a same-origin form post carries "Origin: null").
    String site = ctx.header("Sec-Fetch-Site");
    if (site != null) {
      if (!site.equals("same-origin") && !site.equals("none")) {
        throw Refusal.forbidden("cross-site requests are refused");
      }
      return;
    }
    String origin = ctx.header("Origin");
    if (origin == null) {
      return; // not a browser (curl, the CLI)
    }
    String host =
        ctx.header("X-Forwarded-Host") != null
            ? ctx.header("X-Forwarded-Host")
            : ctx.header("Host");
    if (host == null || !origin.replaceFirst("^https?://", "").equals(host)) {
      throw Refusal.forbidden("cross-site requests are refused");
    }
  }

  /**
   * The page's CSRF token: the cookie's, or a new one set as an HttpOnly SameSite=Strict cookie.
   */
  static String csrfToken(Context ctx) {
    String token = ctx.cookie(CSRF_COOKIE);
    if (token == null || token.length() < 32) {
      byte[] b = new byte[32];
      RANDOM.nextBytes(b);
      token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
      setCookie(ctx, CSRF_COOKIE, token);
    }
    ctx.attribute(CSRF_ATTRIBUTE, token);
    return token;
  }

  static void requireCsrfToken(Context ctx) {
    String cookie = ctx.cookie(CSRF_COOKIE);
    String field;
    try {
      field = ctx.formParam(CSRF_FIELD);
    } catch (Exception e) { // Jetty's parse errors arrive as (sneakily thrown) ServletExceptions
      throw Refusal.badRequest(
          "bad_form", "the form could not be read: send it as application/x-www-form-urlencoded");
    }
    if (cookie == null
        || field == null
        || !MessageDigest.isEqual(
            cookie.getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8))) {
      throw Refusal.forbidden(
          "this form's security token is missing or out of date: reload the page and try again");
    }
  }

  static void setCookie(Context ctx, String name, String value) {
    boolean https =
        "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto")) || ctx.scheme().equals("https");
    ctx.res()
        .addHeader(
            "Set-Cookie",
            name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (https ? "; Secure" : ""));
  }
}
