package io.tailgrant.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code notifications} section: the channels by name, which ones grant types use unless they
 * name their own ({@code defaults}), which ones hear admin events, and when to remind. {@code
 * escalateTo} lists principals (groups not yet expanded) told at the approval reminder.
 */
public record NotificationsConfig(
    Map<String, NotificationChannelConfig> channels,
    List<String> defaults,
    List<String> admins,
    Duration approvalReminderBefore,
    Duration expiryReminderBefore,
    List<String> escalateTo,
    Duration removalAlertAfter) {

  /** How long removing access may take before the admins hear of it, unless configured. */
  public static final Duration DEFAULT_REMOVAL_ALERT_AFTER = Duration.ofMinutes(5);

  /** No channels: nothing is ever sent. */
  public static final NotificationsConfig NONE =
      new NotificationsConfig(Map.of(), List.of(), List.of(), null, null, List.of(), null);

  public NotificationsConfig {
    channels = channels == null ? Map.of() : Map.copyOf(channels);
    defaults = defaults == null ? List.of() : List.copyOf(defaults);
    admins = admins == null ? List.of() : List.copyOf(admins);
    escalateTo = escalateTo == null ? List.of() : List.copyOf(escalateTo);
  }
}
