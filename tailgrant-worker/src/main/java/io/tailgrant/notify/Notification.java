package io.tailgrant.notify;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One thing to tell people about a grant. Built by the workflow side; rendered by the channel
 * builders ({@link SlackMessage}, {@link TeamsMessage}, {@link WebhookPayload}, {@link
 * EmailMessage}) and delivered by a {@link ChannelSender}.
 *
 * <p>{@code reason} and {@code comment} are free text typed by users and every other string may
 * come from a user too: builders treat all of them as untrusted.
 *
 * @param eventId stable id of this event, the same on every retry, used by receivers to dedupe
 * @param kind what happened
 * @param occurredAt when it happened
 * @param grantId the grant's id
 * @param grantType the grant type's name, e.g. {@code db-admin}; may be null
 * @param requester who asked for the access; may be null
 * @param target the device or resource the grant is for; may be null
 * @param duration how long the access was asked for; may be null
 * @param reason the requester's reason, free text; may be null
 * @param actor who approved, denied or revoked; may be null
 * @param comment the actor's comment or a failure's detail, free text; may be null
 * @param expiresAt when the access ends; may be null
 * @param link absolute http(s) URL of the grant's page in TailGrant
 * @param recipients logins or email addresses the channel should address; may be empty
 */
public record Notification(
    String eventId,
    EventKind kind,
    Instant occurredAt,
    String grantId,
    String grantType,
    String requester,
    String target,
    Duration duration,
    String reason,
    String actor,
    String comment,
    Instant expiresAt,
    URI link,
    List<String> recipients) {

  public Notification {
    requireText(eventId, "eventId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(occurredAt, "occurredAt");
    requireText(grantId, "grantId");
    Objects.requireNonNull(link, "link");
    String scheme = link.getScheme() == null ? "" : link.getScheme().toLowerCase(Locale.ROOT);
    if (!link.isAbsolute()
        || !(scheme.equals("https") || scheme.equals("http"))
        || link.getHost() == null) {
      throw new IllegalArgumentException("link must be an absolute http(s) URL with a host");
    }
    if (duration != null && duration.isNegative()) {
      throw new IllegalArgumentException("duration may not be negative");
    }
    recipients = recipients == null ? List.of() : List.copyOf(recipients);
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " may not be blank");
    }
  }

  /** A builder, since most events fill only some of the fields. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Notification}; {@link #build()} checks the required fields. */
  public static final class Builder {
    private String eventId;
    private EventKind kind;
    private Instant occurredAt;
    private String grantId;
    private String grantType;
    private String requester;
    private String target;
    private Duration duration;
    private String reason;
    private String actor;
    private String comment;
    private Instant expiresAt;
    private URI link;
    private List<String> recipients = List.of();

    private Builder() {}

    public Builder eventId(String eventId) {
      this.eventId = eventId;
      return this;
    }

    public Builder kind(EventKind kind) {
      this.kind = kind;
      return this;
    }

    public Builder occurredAt(Instant occurredAt) {
      this.occurredAt = occurredAt;
      return this;
    }

    public Builder grantId(String grantId) {
      this.grantId = grantId;
      return this;
    }

    public Builder grantType(String grantType) {
      this.grantType = grantType;
      return this;
    }

    public Builder requester(String requester) {
      this.requester = requester;
      return this;
    }

    public Builder target(String target) {
      this.target = target;
      return this;
    }

    public Builder duration(Duration duration) {
      this.duration = duration;
      return this;
    }

    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public Builder actor(String actor) {
      this.actor = actor;
      return this;
    }

    public Builder comment(String comment) {
      this.comment = comment;
      return this;
    }

    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    public Builder link(URI link) {
      this.link = link;
      return this;
    }

    public Builder link(String link) {
      this.link = URI.create(link);
      return this;
    }

    public Builder recipients(List<String> recipients) {
      this.recipients = recipients;
      return this;
    }

    public Builder recipients(String... recipients) {
      this.recipients = List.of(recipients);
      return this;
    }

    public Notification build() {
      return new Notification(
          eventId,
          kind,
          occurredAt,
          grantId,
          grantType,
          requester,
          target,
          duration,
          reason,
          actor,
          comment,
          expiresAt,
          link,
          recipients);
    }
  }
}
