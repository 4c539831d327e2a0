package io.tailgrant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Talks to a TailGrant server's JSON API. Identity is the tailnet's (WhoIs of this machine); in dev
 * mode {@code devAs} names a simulated device instead.
 */
final class ServerClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  static final String DEV_DEVICE_HEADER = "X-TailGrant-Dev-Device";
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.[0-9]{1,3}){3}");

  private final String baseUrl;
  private final String devAs;
  private final OkHttpClient http;

  /** One HTTP answer: status, the Retry-After header (seconds, or -1) and the body text. */
  record Answer(int status, int retryAfter, String body) {

    JsonNode json() {
      try {
        return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
      } catch (IOException e) {
        return JSON.createObjectNode().put("message", body);
      }
    }

    /** The server's {@code message}, or the status when the body has none. */
    String message() {
      JsonNode m = json().get("message");
      return m == null ? "HTTP " + status : m.asText();
    }

    /**
     * The body as JSON of the given shape (an array or an object), or a failure (exit 1): a listing
     * that is not one is not shown, whatever the format.
     */
    JsonNode json(boolean array, String what) {
      JsonNode n;
      try {
        n = body.isBlank() ? null : JSON.readTree(body);
      } catch (IOException e) {
        n = null;
      }
      if (n == null || (array ? !n.isArray() : !n.isObject())) {
        throw new CliFailure(
            CliFailure.ERROR,
            "the server's answer to "
                + what
                + " is not a JSON "
                + (array ? "array" : "object")
                + "; is --server a TailGrant server?");
      }
      return n;
    }

    String error() {
      JsonNode e = json().get("error");
      return e == null ? "" : e.asText();
    }

    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /** {@code baseUrl} must have passed {@link #checkedBaseUrl}. */
  ServerClient(String baseUrl, String devAs) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.devAs = devAs;
    // The API never redirects; following one could carry requests (and the dev header) to another
    // host, or from https down to plain http, past the checks on the URL the user gave.
    this.http =
        new OkHttpClient.Builder()
            .callTimeout(Duration.ofSeconds(30))
            .followRedirects(false)
            .followSslRedirects(false)
            .build();
  }

  /**
   * The server URL if the CLI may use it, checked before any request (a usage failure otherwise):
   * http or https, no user name or password, no query or fragment, and plain http only to this
   * machine (127.0.0.0/8, ::1, localhost) unless {@code allowHttp}. Requests carry who is asking
   * and answers carry kubeconfig tokens: over plain http anyone on the path reads or changes them.
   */
  static String checkedBaseUrl(String raw, boolean allowHttp) {
    return checkedBaseUrl(
        raw,
        allowHttp,
        "the server URL (--server or TAILGRANT_SERVER)",
        "pass --allow-http (or set TAILGRANT_ALLOW_HTTP=1)");
  }

  /**
   * As {@link #checkedBaseUrl(String, boolean)}, naming where the URL came from ({@code where}) and
   * how to opt in to plain http there ({@code optIn}) in the refusals.
   */
  static String checkedBaseUrl(String raw, boolean allowHttp, String where, String optIn) {
    Matcher scheme = SCHEME.matcher(raw);
    String s = scheme.find() ? scheme.group(1).toLowerCase(Locale.ROOT) : null;
    if (s == null || !s.equals("http") && !s.equals("https")) {
      throw new CliFailure(
          CliFailure.USAGE,
          where
              + " must start with https:// (or http:// for this machine), not "
              + (s == null ? "\"" + Untrusted.printable(raw) + "\"" : s + ":"));
    }
    HttpUrl url = HttpUrl.parse(raw);
    if (url == null) {
      throw new CliFailure(
          CliFailure.USAGE, where + " \"" + Untrusted.printable(raw) + "\" is not a valid URL");
    }
    if (!url.encodedUsername().isEmpty() || !url.encodedPassword().isEmpty()) {
      // Not repeated back: what is before the @ may be a password.
      throw new CliFailure(
          CliFailure.USAGE,
          where
              + " must not hold a user name or password (user:password@host);"
              + " the CLI would not send them as credentials, remove them");
    }
    if (url.encodedQuery() != null || url.encodedFragment() != null) {
      throw new CliFailure(
          CliFailure.USAGE,
          where
              + " must not have a query (?...) or fragment (#...): give the"
              + " server's address, such as https://tailgrant.example.com");
    }
    if (url.scheme().equals("http") && !allowHttp && !isLoopback(url.host())) {
      throw new CliFailure(
          CliFailure.USAGE,
          "refusing plain http to "
              + Untrusted.printable(url.host())
              + ": your requests and the kubeconfig tokens in the answers would cross the network unencrypted."
              + " Use an https:// server URL or, on a network you trust, "
              + optIn
              + ". Without it, plain http is used only to this machine"
              + " (127.0.0.1, ::1, localhost).");
    }
    return raw;
  }

  /**
   * Whether {@code host} (as {@link HttpUrl#host()} gives it: lower case, IPv6 without brackets)
   * names this machine by itself, without asking DNS: 127.0.0.0/8, ::1 or localhost. A name that
   * resolves to a loopback address does not count: a resolver can answer differently next time.
   */
  static boolean isLoopback(String host) {
    if (host.equals("localhost") || host.equals("::1")) {
      return true;
    }
    if (!IPV4_LOOPBACK.matcher(host).matches()) {
      return false;
    }
    for (String octet : host.split("\\.")) {
      if (Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }

  String baseUrl() {
    return baseUrl;
  }

  /**
   * The host, if this client talks plain http to another machine (which needs --allow-http); else
   * null.
   */
  String plainHttpElsewhere() {
    HttpUrl url = HttpUrl.get(baseUrl);
    return url.scheme().equals("http") && !isLoopback(url.host()) ? url.host() : null;
  }

  Answer get(String path) throws IOException {
    return send(request(path).get().build());
  }

  Answer post(String path, JsonNode body) throws IOException {
    return send(
        request(path).post(RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE)).build());
  }

  private Request.Builder request(String path) {
    Request.Builder b =
        new Request.Builder()
            .url(baseUrl + path)
            .header("Accept", "application/json, application/yaml");
    if (devAs != null) {
      b.header(DEV_DEVICE_HEADER, devAs);
    }
    return b;
  }

  private Answer send(Request request) throws IOException {
    try (Response r = http.newCall(request).execute()) {
      if (r.isRedirect()) {
        String to = r.header("Location");
        return new Answer(
            r.code(),
            -1,
            JSON.createObjectNode()
                .put(
                    "message",
                    "the server answered with a redirect"
                        + (to == null ? "" : " to " + to)
                        + ", which the CLI does not follow: give the address you mean as"
                        + " --server")
                .toString());
      }
      int retry = -1;
      String header = r.header("Retry-After");
      if (header != null) {
        try {
          retry = Integer.parseInt(header.trim());
        } catch (NumberFormatException ignored) {
          retry = 2;
        }
      }
      return new Answer(r.code(), retry, r.body().string());
    }
  }
}
