package io.tailgrant.tailnet;

import java.time.Duration;

/**
 * The API said no, or could not be reached. {@code status} is 0 for network failures. 400/403/404
 * will not change on retry; 401 (after one re-authentication), 429 and 5xx may.
 */
public class TailscaleApiException extends RuntimeException {
  private final int status;
  private final Duration retryAfter;

  public TailscaleApiException(int status, String message, Duration retryAfter) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public int status() {
    return status;
  }

  /** The server's Retry-After, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  public boolean isRetryable() {
    return status == 0 || status == 401 || status == 408 || status == 429 || status >= 500;
  }

  public boolean isNotFound() {
    return status == 404;
  }
}
