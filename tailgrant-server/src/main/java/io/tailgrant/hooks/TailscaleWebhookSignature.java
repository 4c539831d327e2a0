package io.tailgrant.hooks;

import io.tailgrant.hooks.WebhookRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Tailscale's webhook deliveries exactly as tailscale/tailscale's {@code
 * docs/webhooks/example.go} does, plus two checks the example leaves out.
 *
 * <p>Tailscale sends {@code Tailscale-Webhook-Signature: t=<unix seconds>,v1=<hex>}. The header is
 * split on {@code ,} and each part on {@code =} (a part that does not split in exactly two is an
 * error; unknown keys are ignored; {@code v1} may appear several times and any match accepts). The
 * expected signature is the lower-case hex of HMAC-SHA256 keyed by the secret's UTF-8 bytes over
 * the timestamp written as a plain decimal number, a {@code .}, and the raw body; it is compared in
 * constant time. A timestamp older than the tolerance (5 minutes by default) is rejected.
 *
 * <p>Beyond the example, a timestamp more than the tolerance in the future is rejected too, and,
 * when a {@link ReplayGuard} is given, so is a signature already accepted within the window: a
 * captured delivery cannot be replayed. The replay check runs last, so only authentic deliveries
 * take room in the guard.
 */
public final class TailscaleWebhookSignature {
  public static final String HEADER = "Tailscale-Webhook-Signature";
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String CURRENT_VERSION = "v1";

  private final byte[] key;
  private final Duration tolerance;
  private final Clock clock;
  private final ReplayGuard replayGuard;

  /** With the 5-minute tolerance, the system clock and a default-sized replay guard. */
  public TailscaleWebhookSignature(String secret) {
    this(secret, DEFAULT_TOLERANCE, Clock.systemUTC(), new ReplayGuard());
  }

  /**
   * @param secret the webhook secret from the Tailscale admin console
   * @param tolerance how far a timestamp may be from now, either way
   * @param clock what "now" is
   * @param replayGuard remembers accepted signatures; null to skip the replay check
   */
  public TailscaleWebhookSignature(
      String secret, Duration tolerance, Clock clock, ReplayGuard replayGuard) {
    Objects.requireNonNull(secret, "secret");
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("the webhook secret may not be empty");
    }
    if (tolerance == null || tolerance.isNegative()) {
      throw new IllegalArgumentException("tolerance must be zero or positive");
    }
    this.key = secret.getBytes(StandardCharsets.UTF_8);
    this.tolerance = tolerance;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.replayGuard = replayGuard;
  }

  /**
   * Accepts the delivery or says why not.
   *
   * @param header the {@code Tailscale-Webhook-Signature} header, or null if absent
   * @param body the raw request body, exactly as received
   */
  public void verify(String header, byte[] body) throws WebhookRejectedException {
    Instant now = clock.instant();
    Verified v = check(header, body, key, now, tolerance);
    if (replayGuard != null) {
      long expires = saturatedAdd(v.timestamp(), tolerance.getSeconds());
      switch (replayGuard.firstSeen(
          v.timestamp() + ":" + v.signature(), expires, now.getEpochSecond())) {
        case FIRST -> {}
        case REPLAYED ->
            throw new WebhookRejectedException(
                Reason.REPLAYED, "this delivery was already accepted");
        case FULL ->
            throw new WebhookRejectedException(
                Reason.REPLAY_GUARD_FULL, "too many recent deliveries to remember; retry later");
      }
    }
  }

  /**
   * The stateless part of {@link #verify}: header, age and signature, no replay check.
   *
   * @return the accepted timestamp (unix seconds)
   */
  public static long verify(
      String header, byte[] body, String secret, Instant now, Duration tolerance)
      throws WebhookRejectedException {
    Objects.requireNonNull(secret, "secret");
    return check(header, body, secret.getBytes(StandardCharsets.UTF_8), now, tolerance).timestamp();
  }

  /** A header as Tailscale would send it for {@code body}; for tests and simulators. */
  public static String sign(byte[] body, String secret, Instant now) {
    long t = now.getEpochSecond();
    return "t="
        + t
        + ","
        + CURRENT_VERSION
        + "="
        + hmacHex(secret.getBytes(StandardCharsets.UTF_8), t, body);
  }

  private record Verified(long timestamp, String signature) {}

  private static Verified check(
      String header, byte[] body, byte[] key, Instant now, Duration tolerance)
      throws WebhookRejectedException {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(now, "now");
    if (header == null || header.isEmpty()) {
      throw new WebhookRejectedException(Reason.MISSING_HEADER, "request has no signature");
    }
    Long timestamp = null;
    List<String> signatures = new ArrayList<>();
    for (String pair : header.split(",", -1)) {
      String[] parts = pair.split("=", -1);
      if (parts.length != 2) {
        throw new WebhookRejectedException(
            Reason.MALFORMED_HEADER, "signature header part is not key=value");
      }
      if (parts[0].equals("t")) {
        try {
          timestamp = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
          throw new WebhookRejectedException(
              Reason.MALFORMED_HEADER, "signature timestamp is not a number");
        }
      } else if (parts[0].equals(CURRENT_VERSION)) {
        signatures.add(parts[1]);
      }
      // Unknown parts of the header are ignored, as in Tailscale's example.
    }
    if (signatures.isEmpty()) {
      throw new WebhookRejectedException(Reason.MALFORMED_HEADER, "no v1 signature in the header");
    }
    if (timestamp == null) {
      throw new WebhookRejectedException(Reason.MALFORMED_HEADER, "no timestamp in the header");
    }
    long t = timestamp;
    long nowSeconds = now.getEpochSecond();
    long limit = tolerance.getSeconds();
    if (t < saturatedAdd(nowSeconds, -limit)) {
      throw new WebhookRejectedException(
          Reason.STALE, "timestamp older than " + limit + " seconds");
    }
    if (t > saturatedAdd(nowSeconds, limit)) {
      throw new WebhookRejectedException(
          Reason.FUTURE, "timestamp more than " + limit + " seconds ahead");
    }
    byte[] want = hmacHex(key, t, body).getBytes(StandardCharsets.US_ASCII);
    String matched = null;
    for (String signature : signatures) {
      if (MessageDigest.isEqual(want, signature.getBytes(StandardCharsets.US_ASCII))
          && matched == null) {
        matched = signature;
      }
    }
    if (matched == null) {
      throw new WebhookRejectedException(Reason.BAD_SIGNATURE, "signature does not match");
    }
    return new Verified(t, matched);
  }

  private static String hmacHex(byte[] key, long t, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(Long.toString(t).getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      mac.update(body);
      return HexFormat.of().formatHex(mac.doFinal());
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }

  @Override
  public String toString() {
    return "TailscaleWebhookSignature[secret=redacted, tolerance=" + tolerance + "]";
  }
}
