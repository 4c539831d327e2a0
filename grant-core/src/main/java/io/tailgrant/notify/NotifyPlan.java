package io.tailgrant.notify;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who hears what about one grant, fixed in its snapshot at request time: the channels of its grant
 * type (requester and approver events) and the admins' channels, when to remind, whom to escalate
 * to. Channel names only: the worker resolves them to URLs and secrets from its own config, so no
 * secret ever enters a workflow's history.
 *
 * @param channels where requester and approver events go; empty for none
 * @param adminChannels where admin events go (a grant failed, a removal is stuck); empty for none
 * @param approvalReminderBefore remind approvers this long before the approval times out; null for
 *     no reminder
 * @param expiryReminderBefore remind the requester this long before the access ends; null for none
 * @param escalateTo logins told at the approval reminder, groups expanded; empty for none
 * @param removalAlertAfter tell the admins when removing access takes longer than this; null for no
 *     alert
 */
public record NotifyPlan(
    List<String> channels,
    List<String> adminChannels,
    Duration approvalReminderBefore,
    Duration expiryReminderBefore,
    Set<String> escalateTo,
    Duration removalAlertAfter) {

  public NotifyPlan {
    channels = channels == null ? List.of() : List.copyOf(channels);
    adminChannels = adminChannels == null ? List.of() : List.copyOf(adminChannels);
    // Sorted: a set's iteration order differs between JVMs, and workflow code must not.
    escalateTo =
        escalateTo == null
            ? Set.of()
            : Collections.unmodifiableSortedSet(new TreeSet<>(escalateTo));
  }

  /** Whether anything at all would be sent. */
  public boolean sendsNothing() {
    return channels.isEmpty() && adminChannels.isEmpty();
  }
}
