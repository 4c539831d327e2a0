package io.tailgrant.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs TailGrant's generic webhook deliveries and verifies them, with the scheme Tailscale uses
 * for its own webhooks, so a receiver can reuse the same code.
 *
 * <p>Each delivery is a {@code POST} with {@code Content-Type: application/json} and these headers:
 *
 * <pre>
 * TailGrant-Signature: t=&lt;unix seconds&gt;,v1=&lt;signature&gt;
 * TailGrant-Event-Id: &lt;event id&gt;
 * </pre>
 *
 * where {@code <signature>} is the lower-case hex of {@code HMAC-SHA256(key, t + "." + body)}: the
 * key is the UTF-8 bytes of the shared secret, {@code t} the header's seconds written as a plain
 * decimal number, and {@code body} the raw request body bytes. A receiver should
 *
 * <ol>
 *   <li>split the header on {@code ,} and each part on {@code =}, taking {@code t} and every {@code
 *       v1} (there may be several while a secret is rotated; unknown keys are ignored);
 *   <li>recompute the signature over the raw body and compare it in constant time with each {@code
 *       v1}, accepting if any matches;
 *   <li>reject a {@code t} older than a tolerance (5 minutes by default) or more than the tolerance
 *       in the future;
 *   <li>dedupe on {@code TailGrant-Event-Id} (also the body's {@code id}), since a delivery that
 *       timed out is retried with the same id and a new signature.
 * </ol>
 *
 * {@link #verify} does steps 1 to 3.
 */
public final class WebhookSignature {
  public static final String HEADER = "TailGrant-Signature";
  public static final String EVENT_ID_HEADER = "TailGrant-Event-Id";
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String VERSION = "v1";

  private WebhookSignature() {}

  /** The header value for {@code body} signed at {@code now}. */
  public static String sign(byte[] body, String secret, Instant now) {
    long t = now.getEpochSecond();
    return "t=" + t + "," + VERSION + "=" + hmacHex(secret, t, body);
  }

  /** {@link #sign(byte[], String, Instant)} with the secret wrapped. */
  public static String sign(byte[] body, Secret secret, Instant now) {
    return sign(body, secret.reveal(), now);
  }

  /** {@link #verify(String, byte[], String, Instant, Duration)} with the 5-minute tolerance. */
  public static void verify(String header, byte[] body, String secret, Instant now)
      throws InvalidSignatureException {
    verify(header, body, secret, now, DEFAULT_TOLERANCE);
  }

  /**
   * Checks a {@code TailGrant-Signature} header against the raw body.
   *
   * @throws InvalidSignatureException if the header is missing or garbled, no {@code v1} matches,
   *     or the timestamp is more than {@code tolerance} away from {@code now} in either direction
   */
  public static void verify(
      String header, byte[] body, String secret, Instant now, Duration tolerance)
      throws InvalidSignatureException {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(now, "now");
    if (tolerance == null || tolerance.isNegative()) {
      throw new IllegalArgumentException("tolerance must be zero or positive");
    }
    if (header == null || header.isEmpty()) {
      throw new InvalidSignatureException(Reason.MISSING, "no " + HEADER + " header");
    }
    Long t = null;
    List<String> signatures = new ArrayList<>();
    for (String pair : header.split(",", -1)) {
      String[] parts = pair.split("=", -1);
      if (parts.length != 2) {
        throw new InvalidSignatureException(Reason.MALFORMED, "a part is not key=value");
      }
      if (parts[0].equals("t")) {
        try {
          t = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
          throw new InvalidSignatureException(Reason.MALFORMED, "t is not a number");
        }
      } else if (parts[0].equals(VERSION)) {
        signatures.add(parts[1]);
      }
    }
    if (t == null) {
      throw new InvalidSignatureException(Reason.MALFORMED, "no t");
    }
    if (signatures.isEmpty()) {
      throw new InvalidSignatureException(Reason.MALFORMED, "no " + VERSION + " signature");
    }
    byte[] want = hmacHex(secret, t, body).getBytes(StandardCharsets.US_ASCII);
    boolean match = false;
    for (String s : signatures) {
      match |= MessageDigest.isEqual(want, s.getBytes(StandardCharsets.US_ASCII));
    }
    if (!match) {
      throw new InvalidSignatureException(Reason.BAD_SIGNATURE, "signature does not match");
    }
    long skew;
    try {
      skew = Math.subtractExact(now.getEpochSecond(), t);
    } catch (ArithmeticException e) {
      skew = t < 0 ? Long.MAX_VALUE : -Long.MAX_VALUE;
    }
    if (skew > tolerance.getSeconds()) {
      throw new InvalidSignatureException(Reason.STALE, "timestamp older than the tolerance");
    }
    if (-skew > tolerance.getSeconds()) {
      throw new InvalidSignatureException(Reason.FUTURE, "timestamp in the future");
    }
  }

  private static String hmacHex(String secret, long t, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(Long.toString(t).getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      mac.update(body);
      return HexFormat.of().formatHex(mac.doFinal());
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Why a signature was rejected. */
  public enum Reason {
    MISSING,
    MALFORMED,
    BAD_SIGNATURE,
    STALE,
    FUTURE
  }

  /** A rejected signature; the message never contains the secret or the expected signature. */
  public static final class InvalidSignatureException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    public InvalidSignatureException(Reason reason, String message) {
      super(message);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }
}
