package io.tailgrant.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON {@code POST} to a secret URL, with the event id in {@code TailGrant-Event-Id} (the same
 * on every retry, for receivers that dedupe), classified: 2xx delivered; 429, 5xx and I/O errors
 * (including timeouts) retryable; any other status permanent. Redirects are not followed (a webhook
 * that redirects is misconfigured, and following could carry the body elsewhere). The URL appears
 * in no log line and no result message: only its scheme, host and port do.
 */
final class HttpDelivery {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  static final String USER_AGENT = "TailGrant-Notify/1";

  private static final Logger LOG = LoggerFactory.getLogger(HttpDelivery.class);
  private static final int MAX_RESPONSE_EXCERPT = 200;

  private final String channel;
  private final Secret url;
  private final HttpUrl httpUrl;
  private final OkHttpClient client;

  /**
   * @param channel the channel's name for log lines, e.g. {@code slack}
   * @param url the secret endpoint, http or https
   * @param base the client whose connection pool and dispatcher to share; null for a new one
   * @param timeout connect, read, write and whole-call timeout; null for 10 seconds
   */
  HttpDelivery(String channel, Secret url, OkHttpClient base, Duration timeout) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.url = Objects.requireNonNull(url, "url");
    this.httpUrl = HttpUrl.parse(url.reveal());
    if (httpUrl == null) {
      throw new IllegalArgumentException(channel + " webhook URL is not an http(s) URL");
    }
    Duration t = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (t.isNegative() || t.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    this.client =
        (base == null ? new OkHttpClient() : base)
            .newBuilder()
            .connectTimeout(t)
            .readTimeout(t)
            .writeTimeout(t)
            .callTimeout(t)
            .followRedirects(false)
            .followSslRedirects(false)
            .build();
  }

  /** Where deliveries go, safe to show: scheme, host and port only. */
  String endpoint() {
    return Redaction.endpoint(url.reveal());
  }

  DeliveryResult post(String eventId, String json, Headers extraHeaders) {
    Request request =
        new Request.Builder()
            .url(httpUrl)
            .headers(extraHeaders)
            .header("User-Agent", USER_AGENT)
            .header(WebhookSignature.EVENT_ID_HEADER, headerSafe(eventId))
            .post(RequestBody.create(json.getBytes(StandardCharsets.UTF_8), JSON))
            .build();
    DeliveryResult result;
    try (Response response = client.newCall(request).execute()) {
      result = classify(response);
    } catch (IOException e) {
      String what =
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      result = DeliveryResult.retryable(0, "no answer: " + safe(what), null);
    }
    if (result.isDelivered()) {
      LOG.debug(
          "{} event {} delivered to {}: HTTP {}",
          channel,
          eventId,
          endpoint(),
          result.statusCode());
    } else {
      LOG.warn(
          "{} event {} not delivered to {} ({}): {}",
          channel,
          eventId,
          endpoint(),
          result.isRetryable() ? "will retry" : "permanent",
          result.message());
    }
    return result;
  }

  private DeliveryResult classify(Response response) {
    int code = response.code();
    if (code >= 200 && code < 300) {
      return DeliveryResult.delivered(code, "HTTP " + code);
    }
    String message = "HTTP " + code + excerpt(response.body());
    if (code == 429 || code >= 500) {
      return DeliveryResult.retryable(code, message, retryAfter(response.header("Retry-After")));
    }
    if (code >= 300 && code < 400) {
      return DeliveryResult.permanent(code, message + " (redirects are not followed)");
    }
    return DeliveryResult.permanent(code, message);
  }

  private String excerpt(ResponseBody body) {
    if (body == null) {
      return "";
    }
    try {
      BufferedSource source = body.source();
      source.request(1024);
      Buffer buffer = source.getBuffer();
      String text = buffer.readUtf8(Math.min(buffer.size(), 1024));
      return text.isBlank() ? "" : ": " + safe(text);
    } catch (IOException | RuntimeException e) {
      // The status is what matters; an unreadable body adds nothing.
      return "";
    }
  }

  private String safe(String text) {
    return Redaction.oneLine(Redaction.scrub(text, url.reveal()), MAX_RESPONSE_EXCERPT);
  }

  /** An event id is ours, but a header value must still be one line of visible characters. */
  static String headerSafe(String value) {
    return value.replaceAll("[^\\x21-\\x7e]", "_");
  }

  /** Seconds only; an HTTP-date or garbage gives null. */
  static Duration retryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, 86_400));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
