package io.tailgrant.config;

import java.time.Duration;

/**
 * One notification channel. Slack and Teams webhook URLs carry their credential, so they come only
 * from a file or an environment variable ({@code urlSecret}); a generic webhook's URL may also be
 * written inline ({@code url}: its deliveries are signed with {@code signingSecret}). Email goes
 * through {@code smtp}. {@code timeout} bounds one attempt (null: 10 s). {@link #toString()} shows
 * where secrets live, never what they are.
 */
public record NotificationChannelConfig(
    String name,
    Type type,
    String url,
    SecretRef urlSecret,
    SecretRef signingSecret,
    Smtp smtp,
    Duration timeout) {

  /** The kinds of channel. */
  public enum Type {
    SLACK,
    TEAMS,
    WEBHOOK,
    EMAIL
  }

  /**
   * An SMTP server: {@code startTls} requires STARTTLS before authenticating; {@code username} and
   * {@code password} (a secret reference) are both null to send without authenticating.
   */
  public record Smtp(
      String host, int port, boolean startTls, String username, SecretRef password, String from) {}

  /** The webhook URL: inline, or read from its file or environment variable (a secret). */
  public String readUrl() {
    return url != null ? url : urlSecret == null ? null : urlSecret.read();
  }

  @Override
  public String toString() {
    return "NotificationChannelConfig["
        + name
        + " "
        + type
        + (url != null ? " url inline" : "")
        + (urlSecret != null ? " url " + urlSecret : "")
        + "]";
  }
}
