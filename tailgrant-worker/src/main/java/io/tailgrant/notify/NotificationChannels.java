package io.tailgrant.notify;

import io.tailgrant.config.NotificationChannelConfig;
import io.tailgrant.config.NotificationsConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * The worker's notification channels by name, built from config: the only place their secrets
 * (webhook URLs, signing secrets, SMTP passwords) are read, once at start-up. A secret that cannot
 * be read stops the worker with the channel's name and where the secret should be, never a value.
 */
public final class NotificationChannels {
  private final Map<String, ChannelSender> senders;

  private NotificationChannels(Map<String, ChannelSender> senders) {
    this.senders = Map.copyOf(senders);
  }

  /** No channels: every notification names a channel this worker does not have. */
  public static NotificationChannels none() {
    return new NotificationChannels(Map.of());
  }

  /** Given senders, for tests. */
  public static NotificationChannels of(Map<String, ChannelSender> senders) {
    return new NotificationChannels(senders);
  }

  /** Every configured channel, its secrets read now. */
  public static NotificationChannels from(NotificationsConfig config) {
    OkHttpClient client = new OkHttpClient();
    Map<String, ChannelSender> senders = new LinkedHashMap<>();
    for (NotificationChannelConfig c : config.channels().values()) {
      senders.put(c.name(), build(c, client));
    }
    return new NotificationChannels(senders);
  }

  /**
   * One channel's sender, its secrets read; throws {@link IllegalStateException} naming the channel
   * and the problem (an unreadable secret, a URL that is not http(s)), never a secret's value.
   */
  public static ChannelSender build(NotificationChannelConfig c, OkHttpClient client) {
    try {
      return switch (c.type()) {
        case SLACK ->
            new SlackSender(new SlackSender.Config(Secret.of(c.readUrl()), c.timeout()), client);
        case TEAMS ->
            new TeamsSender(new TeamsSender.Config(Secret.of(c.readUrl()), c.timeout()), client);
        case WEBHOOK ->
            new WebhookSender(
                new WebhookSender.Config(
                    Secret.of(c.readUrl()), Secret.of(c.signingSecret().read()), c.timeout()),
                client);
        case EMAIL -> {
          NotificationChannelConfig.Smtp s = c.smtp();
          yield new EmailSender(
              new EmailSender.Config(
                  s.host(),
                  s.port(),
                  s.from(),
                  s.startTls(),
                  s.username(),
                  s.password() == null ? null : Secret.of(s.password().read()),
                  c.timeout()));
        }
      };
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "notifications.channels." + c.name() + ": " + e.getMessage(), e);
    }
  }

  /** The sender of the channel named {@code name}, if this worker has it. */
  public Optional<ChannelSender> sender(String name) {
    return Optional.ofNullable(senders.get(name));
  }
}
