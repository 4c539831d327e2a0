package io.tailgrant.notify;

import java.time.Duration;
import java.time.Instant;

/** Notifications for the tests, including one whose user text is hostile. */
final class Fixtures {
  /**
   * Tries every trick: Slack broadcasts (raw and as words), markup, a Markdown link, a heading,
   * mentions, HTML, an entity, a newline.
   */
  static final String HOSTILE =
      "<!channel> *bold* _i_ ~s~ `code` [x](http://evil.example) @here <b>html</b>\nline2"
          + " @channel <!here> <@U123> # not a heading &amp; <script>alert(1)</script>";

  static final Instant NOW = Instant.parse("2026-03-01T14:05:00Z");

  private Fixtures() {}

  static Notification.Builder base(EventKind kind) {
    return Notification.builder()
        .eventId("evt-0001")
        .kind(kind)
        .occurredAt(NOW)
        .grantId("g-42")
        .grantType("db-admin")
        .requester("alice@example.com")
        .target("alice-laptop")
        .duration(Duration.ofMinutes(30))
        .actor("bob@example.com")
        .expiresAt(NOW.plus(Duration.ofMinutes(30)))
        .link("https://tailgrant.example.com/grants/g-42")
        .recipients("alice@example.com", "bob@example.com", "carol");
  }

  /** A notification of {@code kind} whose reason and comment are {@link #HOSTILE}. */
  static Notification hostile(EventKind kind) {
    return base(kind).reason(HOSTILE).comment(HOSTILE).build();
  }

  static Notification plain(EventKind kind) {
    return base(kind).reason("debug the replica lag").comment("ok for today").build();
  }

  /** What a reader should see for the hostile text: one line, every character literal. */
  static String hostileAsSeen() {
    return HOSTILE.replace('\n', ' ');
  }

  static String stripJoiners(String s) {
    return s.replace(NotificationText.WORD_JOINER, "");
  }
}
