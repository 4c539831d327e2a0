package io.tailgrant.hooks;

/**
 * A Tailscale webhook delivery that must not be processed. The message says why in words safe to
 * log and to return to the caller: it never contains the secret or the expected signature.
 */
public final class WebhookRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the delivery was rejected. */
  public enum Reason {
    /** No signature header. */
    MISSING_HEADER,
    /** A header that is not {@code t=<unix>,v1=<hex>[,v1=<hex>...]}. */
    MALFORMED_HEADER,
    /** No {@code v1} signature matches the body and the secret. */
    BAD_SIGNATURE,
    /** The timestamp is older than the tolerance. */
    STALE,
    /** The timestamp is further in the future than the tolerance. */
    FUTURE,
    /** This signature was already accepted within the tolerance window. */
    REPLAYED,
    /** The replay guard is full of unexpired signatures; the sender should retry later. */
    REPLAY_GUARD_FULL
  }

  private final Reason reason;

  public WebhookRejectedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
