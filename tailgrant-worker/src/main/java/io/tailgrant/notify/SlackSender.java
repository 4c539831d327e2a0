package io.tailgrant.notify;

import java.time.Duration;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.OkHttpClient;

/** Posts {@link SlackMessage}'s Block Kit payload to a Slack incoming webhook. */
public final class SlackSender implements ChannelSender {
  /**
   * @param webhookUrl the incoming webhook's URL, a secret (its path is the token)
   * @param timeout per-attempt timeout; null for 10 seconds
   */
  public record Config(Secret webhookUrl, Duration timeout) {
    public Config {
      Objects.requireNonNull(webhookUrl, "webhookUrl");
    }

    public Config(Secret webhookUrl) {
      this(webhookUrl, null);
    }
  }

  private final HttpDelivery http;

  /** Derives its HTTP client (timeouts, no redirects) from {@code client}, or a new one if null. */
  public SlackSender(Config config, OkHttpClient client) {
    this.http = new HttpDelivery("slack", config.webhookUrl(), client, config.timeout());
  }

  @Override
  public DeliveryResult send(Notification n) {
    return http.post(n.eventId(), SlackMessage.json(n), Headers.of());
  }

  @Override
  public String toString() {
    return "SlackSender[" + http.endpoint() + "]";
  }
}
