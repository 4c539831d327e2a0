package io.tailgrant.tailnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * OAuth client credentials for the Tailscale API. Tokens live one hour and come with no refresh
 * token, so a new one is fetched shortly before the old one expires, or at once after a 401.
 */
public final class OAuthTokenSource {
  /** Refresh this long before expiry so no request races the deadline. */
  static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

  private final OkHttpClient http;
  private final String tokenUrl;
  private final String clientId;
  private final String clientSecret;
  private final InstantSource clock;
  private final ObjectMapper json;
  private String token;
  private Instant refreshAt = Instant.MIN;
  private long fetches;

  public OAuthTokenSource(
      OkHttpClient http,
      String apiBaseUrl,
      String clientId,
      String clientSecret,
      InstantSource clock,
      ObjectMapper json) {
    this.http = http;
    this.tokenUrl = apiBaseUrl.replaceAll("/+$", "") + "/api/v2/oauth/token";
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.clock = clock;
    this.json = json;
  }

  public synchronized String token() {
    if (token == null || !clock.instant().isBefore(refreshAt)) {
      fetch();
    }
    return token;
  }

  /** Forgets the token after the API rejected it, so the next call fetches a fresh one. */
  public synchronized void invalidate(String rejected) {
    if (rejected != null && rejected.equals(token)) {
      token = null;
    }
  }

  /** How many tokens were fetched (for tests and metrics). */
  public synchronized long fetches() {
    return fetches;
  }

  private void fetch() {
    Request request =
        new Request.Builder()
            .url(tokenUrl)
            .header("Authorization", Credentials.basic(clientId, clientSecret))
            .post(new FormBody.Builder().add("grant_type", "client_credentials").build())
            .build();
    try (Response response = http.newCall(request).execute()) {
      ApiCallMetrics.record("POST", "/api/v2/oauth/token", response.code());
      String body = response.body().string();
      if (!response.isSuccessful()) {
        throw new TailscaleApiException(
            response.code(),
            "OAuth token request failed: "
                + TailscaleApiClient.messageOf(json, body, response.code()),
            TailscaleApiClient.retryAfter(response));
      }
      JsonNode node = json.readTree(body);
      String accessToken = node.path("access_token").asText(null);
      if (accessToken == null) {
        throw new TailscaleApiException(502, "OAuth token response has no access_token", null);
      }
      long expiresIn = node.path("expires_in").asLong(3600);
      token = accessToken;
      Instant now = clock.instant();
      Duration margin =
          REFRESH_MARGIN.compareTo(Duration.ofSeconds(expiresIn / 10)) < 0
              ? REFRESH_MARGIN
              : Duration.ofSeconds(expiresIn / 10);
      refreshAt = now.plusSeconds(expiresIn).minus(margin);
      fetches++;
    } catch (IOException e) {
      ApiCallMetrics.record("POST", "/api/v2/oauth/token", 0);
      throw new TailscaleApiException(0, "OAuth token request failed: " + e.getMessage(), null);
    }
  }
}
