package io.tailgrant.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One notification for one channel, as the grant workflow hands it to {@link NotifierActivities}.
 * It names the channel, never its URL or secret; the worker adds the link to the grant page.
 *
 * @param eventId {@code <grantId>/<event>/<seq>}: the same on every retry, so receivers dedupe
 * @param kind what happened
 * @param channel the configured channel's name
 * @param recipients the logins the message is for, sorted
 * @param occurredAt when it happened (workflow time)
 * @param grantId the grant
 * @param grantType its type's name
 * @param requester who asked
 * @param target the device or cluster
 * @param duration how long was asked for
 * @param reason the requester's reason (free text)
 * @param actor who approved, denied or revoked; may be null
 * @param comment the actor's comment or a failure's detail (free text); may be null
 * @param expiresAt when the access ends; may be null
 */
public record NotifyRequest(
    String eventId,
    EventKind kind,
    String channel,
    List<String> recipients,
    Instant occurredAt,
    String grantId,
    String grantType,
    String requester,
    String target,
    Duration duration,
    String reason,
    String actor,
    String comment,
    Instant expiresAt) {

  public NotifyRequest {
    recipients = recipients == null ? List.of() : List.copyOf(recipients);
  }
}
