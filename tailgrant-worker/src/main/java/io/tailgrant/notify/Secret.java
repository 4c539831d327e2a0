package io.tailgrant.notify;

import java.util.Objects;

/**
 * A value that must not be shown: a webhook URL (Slack's and Teams' embed their token in the path),
 * a signing secret or an SMTP password. {@link #toString()} is redacted, so a record or log line
 * that holds one shows {@code Secret[redacted]}; only {@link #reveal()} gives the value, and only
 * the code that must use it calls it.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** Wraps a non-empty value. */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "secret value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a secret may not be empty");
    }
    return new Secret(value);
  }

  /** The value itself; never log or print it. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "Secret[redacted]";
  }
}
