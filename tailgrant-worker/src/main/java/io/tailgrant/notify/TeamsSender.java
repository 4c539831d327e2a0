package io.tailgrant.notify;

import java.time.Duration;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.OkHttpClient;

/**
 * Posts {@link TeamsMessage}'s Adaptive Card to a Microsoft Teams Workflows (Power Automate)
 * webhook. Power Automate answers 202 Accepted when it has queued the flow run.
 */
public final class TeamsSender implements ChannelSender {
  /**
   * @param webhookUrl the workflow's HTTP trigger URL, a secret (its query carries the signature)
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
  public TeamsSender(Config config, OkHttpClient client) {
    this.http = new HttpDelivery("teams", config.webhookUrl(), client, config.timeout());
  }

  @Override
  public DeliveryResult send(Notification n) {
    return http.post(n.eventId(), TeamsMessage.json(n), Headers.of());
  }

  @Override
  public String toString() {
    return "TeamsSender[" + http.endpoint() + "]";
  }
}
