package io.tailgrant.notify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.OkHttpClient;

/**
 * Posts {@link WebhookPayload}'s JSON to a receiver's URL, signed as {@link WebhookSignature}
 * describes, with the {@code TailGrant-Signature} and {@code TailGrant-Event-Id} headers. Each
 * attempt is signed afresh, so a retry carries a new timestamp and the same event id.
 */
public final class WebhookSender implements ChannelSender {
  /**
   * @param url the receiver's URL; treated as a secret, since such URLs often embed a token
   * @param signingSecret the shared HMAC secret
   * @param timeout per-attempt timeout; null for 10 seconds
   */
  public record Config(Secret url, Secret signingSecret, Duration timeout) {
    public Config {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(signingSecret, "signingSecret");
    }

    public Config(Secret url, Secret signingSecret) {
      this(url, signingSecret, null);
    }
  }

  private final HttpDelivery http;
  private final Secret signingSecret;
  private final Clock clock;

  /** Derives its HTTP client (timeouts, no redirects) from {@code client}, or a new one if null. */
  public WebhookSender(Config config, OkHttpClient client) {
    this(config, client, Clock.systemUTC());
  }

  /** With the clock that stamps signatures; for tests. */
  public WebhookSender(Config config, OkHttpClient client, Clock clock) {
    this.http = new HttpDelivery("webhook", config.url(), client, config.timeout());
    this.signingSecret = config.signingSecret();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public DeliveryResult send(Notification n) {
    String json = WebhookPayload.json(n);
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String signature = WebhookSignature.sign(body, signingSecret, clock.instant());
    // HttpDelivery adds TailGrant-Event-Id, as it does for every channel.
    Headers headers = new Headers.Builder().add(WebhookSignature.HEADER, signature).build();
    return http.post(n.eventId(), json, headers);
  }

  @Override
  public String toString() {
    return "WebhookSender[" + http.endpoint() + "]";
  }
}
