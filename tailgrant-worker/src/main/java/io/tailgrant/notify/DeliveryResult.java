package io.tailgrant.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * How one delivery attempt went.
 *
 * @param status delivered, failed but worth retrying, or failed for good
 * @param statusCode the HTTP status or SMTP reply code, 0 when there was no answer
 * @param message a short description for logs and the audit trail; never contains a secret, a
 *     webhook URL's path or query, or a password
 * @param retryAfter how long the receiver asked us to wait (HTTP {@code Retry-After}), or null
 */
public record DeliveryResult(Status status, int statusCode, String message, Duration retryAfter) {
  /** The outcome of an attempt. */
  public enum Status {
    DELIVERED,
    FAILED_RETRYABLE,
    FAILED_PERMANENT
  }

  static final int MAX_MESSAGE = 300;

  public DeliveryResult {
    Objects.requireNonNull(status, "status");
    message = message == null ? "" : message;
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE - 1) + "\u2026";
    }
  }

  public static DeliveryResult delivered(int statusCode, String message) {
    return new DeliveryResult(Status.DELIVERED, statusCode, message, null);
  }

  public static DeliveryResult retryable(int statusCode, String message, Duration retryAfter) {
    return new DeliveryResult(Status.FAILED_RETRYABLE, statusCode, message, retryAfter);
  }

  public static DeliveryResult permanent(int statusCode, String message) {
    return new DeliveryResult(Status.FAILED_PERMANENT, statusCode, message, null);
  }

  public boolean isDelivered() {
    return status == Status.DELIVERED;
  }

  public boolean isRetryable() {
    return status == Status.FAILED_RETRYABLE;
  }
}
