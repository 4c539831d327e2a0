package io.tailgrant.config;

import io.tailgrant.config.ConfigNode.UrlForm;
import io.tailgrant.config.NotificationChannelConfig.Smtp;
import io.tailgrant.config.NotificationChannelConfig.Type;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code notifications} section: channels (Slack, Teams, a signed generic webhook,
 * email), the default and admin channel lists, reminders and escalation. Secrets (webhook URLs that
 * carry a token, signing secrets, SMTP passwords) are never written inline.
 */
final class NotificationsSection {
  /** Longest a single delivery attempt may take: the notifier activity's own limit is 30 s. */
  static final Duration MAX_TIMEOUT = Duration.ofSeconds(25);

  private NotificationsSection() {}

  static NotificationsConfig read(ConfigNode n, Map<String, List<String>> groups) {
    if (n == null) {
      return NotificationsConfig.NONE;
    }
    Map<String, NotificationChannelConfig> channels = new LinkedHashMap<>();
    ConfigNode c = n.object("channels", true);
    if (c != null) {
      for (var it = c.keys(); it.hasNext(); ) {
        String name = it.next();
        ConfigNode channel = c.object(name, true);
        if (!c.name(name, name) || channel == null) {
          continue;
        }
        NotificationChannelConfig read = channel(name, channel);
        if (read != null) {
          channels.put(name, read);
        }
      }
    }
    List<String> defaults = n.strings("default", false);
    checkNames(n, "default", defaults, channels);
    List<String> admins = n.strings("admins", false);
    checkNames(n, "admins", admins, channels);
    Duration approvalReminder = n.duration("approvalReminderBefore", null, false);
    Duration expiryReminder = n.duration("expiryReminderBefore", null, false);
    List<String> escalateTo = n.strings("escalateTo", false);
    PrincipalsSection.check(n, "escalateTo", escalateTo, groups, false);
    if (!escalateTo.isEmpty() && approvalReminder == null) {
      n.problem(
          "escalateTo", "escalation happens at the approval reminder: set approvalReminderBefore");
    }
    Duration removalAlert =
        n.duration("removalAlertAfter", NotificationsConfig.DEFAULT_REMOVAL_ALERT_AFTER, false);
    n.finish(
        "allowed: channels, default, admins, approvalReminderBefore, expiryReminderBefore,"
            + " escalateTo, removalAlertAfter");
    return new NotificationsConfig(
        channels, defaults, admins, approvalReminder, expiryReminder, escalateTo, removalAlert);
  }

  /** Each name in {@code names} must be a channel defined under notifications.channels. */
  static void checkNames(
      ConfigNode n,
      String key,
      List<String> names,
      Map<String, NotificationChannelConfig> channels) {
    for (String name : names) {
      if (!channels.containsKey(name)) {
        n.problem(key, "'" + name + "' is not one of notifications.channels");
      }
    }
  }

  private static NotificationChannelConfig channel(String name, ConfigNode c) {
    Type type = c.enumValue("type", Type.class);
    Duration timeout = c.duration("timeout", null, false);
    if (timeout != null && timeout.compareTo(MAX_TIMEOUT) > 0) {
      c.problem("timeout", "must be " + MAX_TIMEOUT.toSeconds() + "s or less");
    }
    if (type == null) {
      return null;
    }
    NotificationChannelConfig read =
        switch (type) {
          case SLACK, TEAMS -> secretUrlChannel(name, type, c, timeout);
          case WEBHOOK -> webhook(name, c, timeout);
          case EMAIL -> email(name, c, timeout);
        };
    c.finish(keysFor(type));
    return read;
  }

  private static String keysFor(Type type) {
    return switch (type) {
      case SLACK, TEAMS -> "allowed for " + wire(type) + ": type, urlFile, urlEnv, timeout";
      case WEBHOOK ->
          "allowed for webhook: type, url, urlFile, urlEnv, secretFile, secretEnv, timeout";
      case EMAIL -> "allowed for email: type, smtp, timeout";
    };
  }

  private static NotificationChannelConfig secretUrlChannel(
      String name, Type type, ConfigNode c, Duration timeout) {
    if (c.has("url")) {
      c.problem(
          "url",
          "a "
              + (type == Type.SLACK ? "Slack" : "Teams")
              + " webhook URL carries its credential, so it is never written inline:"
              + " name a file (urlFile) or an environment variable (urlEnv)");
    }
    SecretRef url = secret(c, "urlFile", "urlEnv", true);
    return url == null
        ? null
        : new NotificationChannelConfig(name, type, null, url, null, null, timeout);
  }

  private static NotificationChannelConfig webhook(String name, ConfigNode c, Duration timeout) {
    String inline = c.string("url", null, false);
    SecretRef urlSecret = secret(c, "urlFile", "urlEnv", false);
    if ((inline == null) == (urlSecret == null)) {
      c.problem("url", "give exactly one of url, urlFile or urlEnv");
    } else if (inline != null && !c.url("url", inline, UrlForm.HTTP)) {
      inline = null;
    }
    if (c.has("secret")) {
      c.problem(
          "secret",
          "secrets are never written inline: name a file (secretFile) or an environment variable"
              + " (secretEnv)");
    }
    SecretRef signing = secret(c, "secretFile", "secretEnv", true);
    if ((inline == null && urlSecret == null) || signing == null) {
      return null;
    }
    return new NotificationChannelConfig(
        name, Type.WEBHOOK, inline, urlSecret, signing, null, timeout);
  }

  private static NotificationChannelConfig email(String name, ConfigNode c, Duration timeout) {
    ConfigNode s = c.object("smtp", true);
    if (s == null) {
      return null;
    }
    String host = s.string("host", null, true);
    int port = s.integer("port", 587, 1, 65_535);
    boolean startTls = s.bool("startTls", true);
    String from = s.string("from", null, true);
    if (from != null && !from.matches("^[^@\\s<>\"]+@[^@\\s<>\"]+$")) {
      s.problem("from", "'" + from + "' is not an email address such as tailgrant@example.com");
      from = null;
    }
    String username = s.string("username", null, false);
    if (s.has("password")) {
      s.problem(
          "password",
          "secrets are never written inline: name a file (passwordFile) or an environment"
              + " variable (passwordEnv)");
    }
    SecretRef password = secret(s, "passwordFile", "passwordEnv", false);
    if ((username == null) != (password == null)) {
      s.problem(
          username == null ? "username" : "passwordFile",
          "give username together with passwordFile or passwordEnv, or neither");
    }
    s.finish("allowed: host, port, startTls, from, username, passwordFile, passwordEnv");
    if (host == null || host.isEmpty() || from == null) {
      return null;
    }
    return new NotificationChannelConfig(
        name,
        Type.EMAIL,
        null,
        null,
        null,
        new Smtp(host, port, startTls, username, password, from),
        timeout);
  }

  /**
   * The secret under {@code fileKey} (resolved beside the config) or {@code envKey}; a problem when
   * both are given, or neither and {@code required}.
   */
  private static SecretRef secret(ConfigNode c, String fileKey, String envKey, boolean required) {
    String file = c.string(fileKey, null, false);
    String env = c.string(envKey, null, false);
    if (file != null && env != null) {
      c.problem(fileKey, "give one of " + fileKey + " or " + envKey + ", not both");
      return null;
    }
    if (file == null && env == null) {
      if (required) {
        c.problem(fileKey, "is required (or " + envKey + ")");
      }
      return null;
    }
    return new SecretRef(file == null ? null : c.resolve(file).toString(), env);
  }

  private static String wire(Type type) {
    return type.name().toLowerCase(Locale.ROOT);
  }
}
