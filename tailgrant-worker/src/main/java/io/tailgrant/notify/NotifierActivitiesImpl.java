package io.tailgrant.notify;

import io.micrometer.core.instrument.Metrics;
import io.tailgrant.audit.LogSafe;
import io.tailgrant.config.TailGrantConfig;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one notification over one channel: builds the message with a link to the grant's page,
 * skips it when this worker delivered the same event to the same channel already, and counts every
 * outcome in {@code tailgrant.notifications{channel,outcome}} (delivered, retry, failed,
 * duplicate). Retryable failures are thrown so Temporal backs off and retries; the last attempt's
 * failure, and any failure no retry can fix, is returned as the outcome instead.
 */
public final class NotifierActivitiesImpl implements NotifierActivities {
  private static final Logger log = LoggerFactory.getLogger(NotifierActivitiesImpl.class);

  /** The counter's name; Prometheus shows it as {@code tailgrant_notifications_total}. */
  public static final String METRIC = "tailgrant.notifications";

  static final String RETRYABLE = "NotificationNotDelivered";

  private final NotificationChannels channels;
  private final String publicBase;
  private final Clock clock;
  private final RecentEvents delivered = new RecentEvents(10_000);

  /** {@code publicBase}: where people open TailGrant, e.g. https://tailgrant.example.ts.net. */
  public NotifierActivitiesImpl(NotificationChannels channels, String publicBase, Clock clock) {
    this.channels = Objects.requireNonNull(channels, "channels");
    this.publicBase = publicBase.replaceAll("/+$", "");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The base of links to grant pages: {@code server.publicUrl}, else the listen address. */
  public static String publicBase(TailGrantConfig config) {
    var s = config.server();
    if (s.publicUrl() != null) {
      return s.publicUrl();
    }
    return "http://" + s.listenHost() + ":" + s.listenPort();
  }

  @Override
  public NotifyOutcome send(NotifyRequest request) {
    Attempt a = attempt(request, Activity.getExecutionContext().getInfo().getAttempt());
    if (a.retry()) {
      // Benign: an unreachable channel is expected; the sender logged it, the SDK need not.
      throw ApplicationFailure.newBuilder()
          .setMessage(a.outcome().detail())
          .setType(RETRYABLE)
          .setNextRetryDelay(a.retryAfter())
          .setCategory(ApplicationErrorCategory.BENIGN)
          .build();
    }
    return a.outcome();
  }

  /**
   * One attempt's result: {@code retry} when Temporal should try again (after {@code retryAfter},
   * or its own backoff when null).
   */
  record Attempt(NotifyOutcome outcome, boolean retry, Duration retryAfter) {}

  /** Attempt number {@code attempt} (from 1) at delivering {@code r}. */
  Attempt attempt(NotifyRequest r, int attempt) {
    String key = r.eventId() + "|" + r.channel();
    ChannelSender sender = channels.sender(r.channel()).orElse(null);
    if (sender == null) {
      return done(r, "unknown", false, "this worker has no channel named " + quoted(r.channel()));
    }
    if (delivered.contains(key)) {
      count(r.channel(), "duplicate");
      return new Attempt(
          outcome(r, true, "delivered (already, by an earlier attempt)"), false, null);
    }
    DeliveryResult result;
    try {
      result = sender.send(notification(r));
    } catch (RuntimeException e) {
      // A sender never throws for a delivery problem: this is a bad message, and stays bad.
      result = DeliveryResult.permanent(0, "could not build the message: " + e.getMessage());
    }
    if (result.isDelivered()) {
      delivered.add(key);
      return done(r, r.channel(), true, "delivered");
    }
    if (result.isRetryable() && attempt < MAX_ATTEMPTS) {
      count(r.channel(), "retry"); // the sender has logged the attempt
      return new Attempt(outcome(r, false, result.message()), true, result.retryAfter());
    }
    String why =
        result.isRetryable()
            ? "gave up after " + attempt + " attempts: " + result.message()
            : result.message();
    return done(r, r.channel(), false, why);
  }

  private Attempt done(NotifyRequest r, String channelTag, boolean ok, String detail) {
    count(channelTag, ok ? "delivered" : "failed");
    String line = "notification {} via {} to {} recipient(s): {}";
    if (ok) {
      log.info(
          line,
          LogSafe.quote(r.eventId()),
          LogSafe.quote(r.channel()),
          r.recipients().size(),
          "delivered");
    } else {
      log.warn(
          line,
          LogSafe.quote(r.eventId()),
          LogSafe.quote(r.channel()),
          r.recipients().size(),
          LogSafe.quote("failed: " + detail));
    }
    return new Attempt(outcome(r, ok, detail), false, null);
  }

  private NotifyOutcome outcome(NotifyRequest r, boolean ok, String detail) {
    return new NotifyOutcome(r.channel(), ok, detail, clock.instant());
  }

  private static void count(String channel, String outcome) {
    Metrics.counter(METRIC, "channel", channel, "outcome", outcome).increment();
  }

  /** The channel-neutral message, with the link to the grant's page (its extend form to extend). */
  Notification notification(NotifyRequest r) {
    String link =
        publicBase
            + "/grants/"
            + r.grantId().replaceAll("[^A-Za-z0-9._~-]", "_")
            + (r.kind() == EventKind.EXPIRY_REMINDER ? "#extend" : "");
    return Notification.builder()
        .eventId(r.eventId())
        .kind(r.kind())
        .occurredAt(r.occurredAt())
        .grantId(r.grantId())
        .grantType(r.grantType())
        .requester(r.requester())
        .target(r.target())
        .duration(r.duration())
        .reason(r.reason())
        .actor(r.actor())
        .comment(r.comment())
        .expiresAt(r.expiresAt())
        .link(URI.create(link))
        .recipients(r.recipients())
        .build();
  }

  private static String quoted(String s) {
    return LogSafe.quote(s);
  }
}
