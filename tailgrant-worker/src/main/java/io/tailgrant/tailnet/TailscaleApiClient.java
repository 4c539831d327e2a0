package io.tailgrant.tailnet;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * {@link TailscaleApi} over HTTPS with OkHttp and OAuth. One re-authentication on 401; every other
 * failure becomes a {@link TailscaleApiException} carrying the API's message and Retry-After.
 * Retrying is left to Temporal's activity retry policy, where it is durable and visible.
 */
public final class TailscaleApiClient implements TailscaleApi, UsersApi, KeysApi {
  private static final MediaType JSON = MediaType.get("application/json");
  private final TailnetHealth health = new TailnetHealth(Clock.systemUTC());
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final OkHttpClient http;
  private final HttpUrl base;
  private final String tailnet;

  /**
   * Quick in-place retries of a transient failure; longer waits are left to Temporal, where they
   * are durable.
   */
  static final int TRANSIENT_RETRIES = 2;

  static final Duration MAX_IN_PLACE_WAIT = Duration.ofSeconds(2);

  private final OAuthTokenSource tokens;
  private final int transientRetries;

  public TailscaleApiClient(
      OkHttpClient http, String apiBaseUrl, String tailnet, OAuthTokenSource tokens) {
    this(http, apiBaseUrl, tailnet, tokens, 0);
  }

  /**
   * {@code transientRetries}: how often a 429, 5xx or network failure is retried at once (every
   * call we make but key creation is idempotent, and that one is sent once).
   */
  public TailscaleApiClient(
      OkHttpClient http,
      String apiBaseUrl,
      String tailnet,
      OAuthTokenSource tokens,
      int transientRetries) {
    this.http = http;
    this.base = HttpUrl.get(apiBaseUrl);
    this.tailnet = tailnet;
    this.tokens = tokens;
    this.transientRetries = transientRetries;
  }

  /** The usual wiring: one shared OkHttp client with sane timeouts. */
  public static TailscaleApiClient create(
      String apiBaseUrl, String tailnet, String clientId, String clientSecret) {
    return create(apiBaseUrl, tailnet, clientId, clientSecret, InstantSource.system());
  }

  /**
   * As above, refreshing tokens by {@code clock} (tests pass the clock the API's token expiry
   * follows).
   */
  public static TailscaleApiClient create(
      String apiBaseUrl,
      String tailnet,
      String clientId,
      String clientSecret,
      InstantSource clock) {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(10, TimeUnit.SECONDS)
            .readTimeout(30, TimeUnit.SECONDS)
            .callTimeout(45, TimeUnit.SECONDS)
            .build();
    OAuthTokenSource tokens =
        new OAuthTokenSource(http, apiBaseUrl, clientId, clientSecret, clock, MAPPER);
    return new TailscaleApiClient(http, apiBaseUrl, tailnet, tokens, TRANSIENT_RETRIES);
  }

  /** Whether the API currently accepts this client (see {@link TailnetHealth}). */
  public void checkHealth() {
    health.check(this::listDevices);
  }

  public OAuthTokenSource tokens() {
    return tokens;
  }

  @Override
  public List<TailscaleDevice> listDevices() {
    JsonNode body = call("GET", url("tailnet", tailnet, "devices"), null);
    List<TailscaleDevice> out = new ArrayList<>();
    for (JsonNode d : body.path("devices")) {
      out.add(MAPPER.convertValue(d, TailscaleDevice.class));
    }
    return out;
  }

  /**
   * Creates a preauthorized auth key carrying {@code tags}; returns its id (the secret is dropped
   * at once).
   */
  public String createAuthKey(
      List<String> tags, boolean ephemeral, long expirySeconds, String description) {
    return createAuthKey(tags, false, ephemeral, expirySeconds, description).id();
  }

  @Override
  public NewAuthKey createAuthKey(
      List<String> tags,
      boolean reusable,
      boolean ephemeral,
      long expirySeconds,
      String description) {
    ObjectNode create =
        MAPPER
            .createObjectNode()
            .put("reusable", reusable)
            .put("ephemeral", ephemeral)
            .put("preauthorized", true);
    create.set("tags", MAPPER.valueToTree(tags));
    ObjectNode body = MAPPER.createObjectNode();
    body.putObject("capabilities").putObject("devices").set("create", create);
    body.put("expirySeconds", expirySeconds).put("description", description);
    // Not idempotent: a retry after a lost answer would make a second key.
    JsonNode k = callOnce("POST", url("tailnet", tailnet, "keys"), body);
    Instant expires;
    try {
      expires = Instant.parse(k.path("expires").asText());
    } catch (DateTimeException e) {
      expires = null;
    }
    return new NewAuthKey(k.path("id").asText(), k.path("key").asText(), expires);
  }

  @Override
  public List<AuthKeyInfo> listAuthKeys() {
    HttpUrl u =
        url("tailnet", tailnet, "keys").newBuilder().addQueryParameter("all", "true").build();
    List<AuthKeyInfo> out = new ArrayList<>();
    for (JsonNode k : call("GET", u, null).path("keys")) {
      out.add(MAPPER.convertValue(k, AuthKeyInfo.class));
    }
    return out;
  }

  @Override
  public void deleteAuthKey(String keyId) {
    try {
      call("DELETE", url("tailnet", tailnet, "keys", keyId), null);
    } catch (TailscaleApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }

  @Override
  public void deleteDevice(String nodeId) {
    try {
      call("DELETE", url("device", nodeId), null);
    } catch (TailscaleApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }

  @Override
  public List<TailnetUser> listUsers() {
    List<TailnetUser> out = new ArrayList<>();
    for (JsonNode u : call("GET", url("tailnet", tailnet, "users"), null).path("users")) {
      out.add(MAPPER.convertValue(u, TailnetUser.class));
    }
    return out;
  }

  @Override
  public TailnetUser getUser(String userId) {
    return MAPPER.convertValue(call("GET", url("users", userId), null), TailnetUser.class);
  }

  @Override
  public void setUserRole(String userId, String role) {
    call("POST", url("users", userId, "role"), Map.of("role", role));
  }

  @Override
  public TailscaleDevice getDevice(String nodeId) {
    return MAPPER.convertValue(call("GET", url("device", nodeId), null), TailscaleDevice.class);
  }

  @Override
  public void setTags(String nodeId, List<String> tags) {
    call("POST", url("device", nodeId, "tags"), Map.of("tags", tags));
  }

  @Override
  public PostureAttributes getAttributes(String nodeId) {
    return MAPPER.convertValue(
        call("GET", url("device", nodeId, "attributes"), null), PostureAttributes.class);
  }

  @Override
  public void setAttribute(
      String nodeId, String key, Object value, Instant expiry, String comment) {
    ObjectNode body = MAPPER.createObjectNode();
    body.set("value", MAPPER.valueToTree(value));
    if (expiry != null) {
      body.put("expiry", expiry.toString());
    }
    if (comment != null) {
      body.put("comment", comment.length() > 200 ? comment.substring(0, 200) : comment);
    }
    call("POST", url("device", nodeId, "attributes", key), body);
  }

  @Override
  public void deleteAttribute(String nodeId, String key) {
    try {
      call("DELETE", url("device", nodeId, "attributes", key), null);
    } catch (TailscaleApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }

  private HttpUrl url(String... segments) {
    HttpUrl.Builder b = base.newBuilder().addPathSegment("api").addPathSegment("v2");
    for (String s : segments) {
      b.addPathSegment(s);
    }
    return b.build();
  }

  /** One attempt only: for calls that must not happen twice. */
  private JsonNode callOnce(String method, HttpUrl url, Object body) {
    try {
      return authenticatedCall(method, url, body);
    } catch (TailscaleApiException e) {
      health.failure(e.status(), e.getMessage());
      throw e;
    }
  }

  private JsonNode call(String method, HttpUrl url, Object body) {
    for (int attempt = 0; ; attempt++) {
      try {
        return authenticatedCall(method, url, body);
      } catch (TailscaleApiException e) {
        health.failure(e.status(), e.getMessage());
        Duration wait =
            e.retryAfter() != null ? e.retryAfter() : Duration.ofMillis(100L << attempt);
        if (attempt >= transientRetries
            || !e.isRetryable()
            || e.status() == 401
            || wait.compareTo(MAX_IN_PLACE_WAIT) > 0) {
          throw e;
        }
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private JsonNode authenticatedCall(String method, HttpUrl url, Object body) {
    String token = tokens.token();
    try {
      return send(method, url, body, token);
    } catch (TailscaleApiException e) {
      if (e.status() != 401) {
        throw e;
      }
      // The token may have been revoked early: fetch a fresh one and try exactly once more.
      tokens.invalidate(token);
      return send(method, url, body, tokens.token());
    }
  }

  private JsonNode send(String method, HttpUrl url, Object body, String token) {
    RequestBody requestBody = null;
    Request.Builder b = new Request.Builder().url(url).header("Authorization", "Bearer " + token);
    if (body != null) {
      try {
        requestBody = RequestBody.create(MAPPER.writeValueAsBytes(body), JSON);
      } catch (IOException e) {
        throw new IllegalArgumentException(e);
      }
    } else {
      b.header("Accept", "application/json");
    }
    Request request = b.method(method, requestBody).build();
    try (Response response = http.newCall(request).execute()) {
      ApiCallMetrics.record(method, url.encodedPath(), response.code());
      String text = response.body().string();
      if (!response.isSuccessful()) {
        throw new TailscaleApiException(
            response.code(),
            method + " " + url.encodedPath() + ": " + messageOf(MAPPER, text, response.code()),
            retryAfter(response));
      }
      health.success();
      // Success may be {}, null or an empty body.
      return text.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(text);
    } catch (IOException e) {
      ApiCallMetrics.record(method, url.encodedPath(), 0);
      throw new TailscaleApiException(
          0, method + " " + url.encodedPath() + ": " + e.getMessage(), null);
    }
  }

  static String messageOf(ObjectMapper json, String body, int status) {
    try {
      JsonNode n = json.readTree(body);
      if (n != null && n.hasNonNull("message")) {
        return n.get("message").asText() + " (" + status + ")";
      }
    } catch (IOException | RuntimeException ignored) {
      // Not JSON: fall through to the raw text.
    }
    String trimmed = body == null ? "" : body.strip();
    return (trimmed.isEmpty()
            ? "HTTP error"
            : trimmed.substring(0, Math.min(200, trimmed.length())))
        + " ("
        + status
        + ")";
  }

  /**
   * Retry-After in seconds (the only form Tailscale is known to send); null when absent or
   * unreadable.
   */
  static Duration retryAfter(Response response) {
    String h = response.header("Retry-After");
    if (h == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(h.trim())));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
