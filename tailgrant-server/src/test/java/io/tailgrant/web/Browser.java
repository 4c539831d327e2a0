package io.tailgrant.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A small stand-in for a browser on the HTML pages: it keeps the cookies the server sets, sends
 * them back, never follows redirects (tests look at the 303 itself), and posts forms as {@code
 * application/x-www-form-urlencoded}. Fixed headers (the caller's X-Forwarded-For, or
 * Sec-Fetch-Site) ride on every request; {@link #header} returns a copy sharing the cookie jar.
 */
public final class Browser {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private final String baseUrl;
  private final Map<String, String> headers;
  private final Map<String, String> cookies;

  Browser(String baseUrl) {
    this(baseUrl, Map.of(), new LinkedHashMap<>());
  }

  private Browser(String baseUrl, Map<String, String> headers, Map<String, String> cookies) {
    this.baseUrl = baseUrl;
    this.headers = headers;
    this.cookies = cookies;
  }

  /**
   * A copy that also sends {@code name: value} (a null value drops the header); the cookie jar is
   * shared.
   */
  public Browser header(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.keySet().removeIf(k -> k.equalsIgnoreCase(name));
    if (value != null) {
      h.put(name, value);
    }
    return new Browser(baseUrl, h, cookies);
  }

  /** The cookie the server last set under {@code name}, or null. */
  public String cookie(String name) {
    return cookies.get(name);
  }

  public Browser setCookie(String name, String value) {
    cookies.put(name, value);
    return this;
  }

  public Browser clearCookies() {
    cookies.clear();
    return this;
  }

  /** The CSRF token this browser holds, fetching a page first if it has none yet. */
  public String csrf() {
    if (cookie(BrowserSafety.CSRF_COOKIE) == null) {
      get("/");
    }
    return cookie(BrowserSafety.CSRF_COOKIE);
  }

  /** A response: status, body, and every header with all of its values. */
  public record Page(int status, String body, Map<String, List<String>> headers) {
    public String header(String name) {
      List<String> v = headers(name);
      return v.isEmpty() ? null : v.get(0);
    }

    public List<String> headers(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .findFirst()
          .map(Map.Entry::getValue)
          .orElse(List.of());
    }

    /** The Set-Cookie header that sets {@code name}, or null. */
    public String setCookie(String name) {
      return headers("Set-Cookie").stream()
          .filter(c -> c.startsWith(name + "="))
          .findFirst()
          .orElse(null);
    }

    public String location() {
      return header("Location");
    }

    @Override
    public String toString() {
      String b = body == null ? "" : body;
      return status
          + " "
          + (location() == null ? "" : "-> " + location() + " ")
          + (b.length() > 4000 ? b.substring(0, 4000) + "…" : b);
    }
  }

  public Page get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  /**
   * Submits a form the way our pages do: the fields plus {@code _csrf} set to this browser's CSRF
   * cookie.
   */
  public Page submit(String path, String... fields) {
    Map<String, String> form = fields(fields);
    form.putIfAbsent(BrowserSafety.CSRF_FIELD, csrf());
    return postForm(path, form);
  }

  /** Posts exactly these fields, form-encoded (no CSRF token added). */
  public Page postForm(String path, Map<String, String> form) {
    return post(path, "application/x-www-form-urlencoded", encode(form));
  }

  public Page post(String path, String contentType, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b);
  }

  static Map<String, String> fields(String... pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("fields come in name, value pairs");
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  static String encode(Map<String, String> form) {
    StringJoiner j = new StringJoiner("&");
    form.forEach(
        (k, v) ->
            j.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return j.toString();
  }

  private Page send(HttpRequest.Builder b) {
    headers.forEach(b::header);
    if (!cookies.isEmpty()) {
      StringJoiner j = new StringJoiner("; ");
      cookies.forEach((k, v) -> j.add(k + "=" + v));
      b.header("Cookie", j.toString());
    }
    b.timeout(Duration.ofSeconds(30));
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      Map<String, List<String>> h = new LinkedHashMap<>(r.headers().map());
      remember(h.getOrDefault("set-cookie", List.of()));
      return new Page(r.statusCode(), r.body(), h);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void remember(List<String> setCookies) {
    for (String c : setCookies) {
      String pair = c.split(";", 2)[0];
      int eq = pair.indexOf('=');
      if (eq > 0) {
        cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
  }

  /**
   * Sends bytes exactly as given after the request line and this browser's headers (no validation
   * on our side), over a plain socket; returns the status and the body.
   */
  public Page raw(String method, String rawTarget, String contentType, byte[] body) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    if (!cookies.isEmpty()) {
      StringJoiner j = new StringJoiner("; ");
      cookies.forEach((k, v) -> j.add(k + "=" + v));
      all.put("Cookie", j.toString());
    }
    String text = RawHttp.exchange(baseUrl, method, rawTarget, all, contentType, body);
    int status = RawHttp.status(text);
    int eol = text.indexOf("\r\n");
    int split = text.indexOf("\r\n\r\n");
    Map<String, List<String>> h = new LinkedHashMap<>();
    if (eol >= 0) {
      for (String line : text.substring(eol + 2, split < 0 ? text.length() : split).split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          h.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(), k -> new ArrayList<>())
              .add(line.substring(colon + 1).trim());
        }
      }
    }
    return new Page(status, split < 0 ? "" : text.substring(split + 4), h);
  }
}
