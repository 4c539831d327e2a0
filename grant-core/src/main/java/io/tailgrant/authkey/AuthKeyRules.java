package io.tailgrant.authkey;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of TailGrant's auth keys, in one place: how a key names its grant (Tailscale keeps a
 * description of at most 50 letters, digits, hyphens and spaces), how long it may live, and which
 * devices count as having joined with it. The API does not say which key a device used, so a device
 * counts when it carries exactly the key's tags and appeared while the key was valid.
 */
public final class AuthKeyRules {
  /** Tailscale's longest auth key lifetime. */
  public static final Duration MAX_LIFETIME = Duration.ofDays(90);

  private static final String PREFIX = "tailgrant ";
  private static final Pattern DESCRIPTION = Pattern.compile("^tailgrant (g-[a-z0-9]{6,40})$");

  private AuthKeyRules() {}

  /** The description every key of grant {@code grantId} carries. */
  public static String description(String grantId) {
    String d = PREFIX + grantId;
    if (d.length() > 50 || !d.matches("[A-Za-z0-9 -]+")) {
      throw new IllegalArgumentException("grant id " + grantId + " cannot name an auth key");
    }
    return d;
  }

  /** The grant a key was minted for, from its description; empty for keys that are not ours. */
  public static Optional<String> grantOf(String description) {
    Matcher m = description == null ? null : DESCRIPTION.matcher(description);
    return m != null && m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * The key's lifetime in whole seconds when minted at {@code now} for a grant ending at {@code
   * endsAt}: rounded down, so the key never outlives the grant; empty when under a second is left.
   */
  public static Optional<Long> expirySeconds(Instant now, Instant endsAt) {
    long seconds = Duration.between(now, endsAt).toSeconds();
    return seconds < 1
        ? Optional.empty()
        : Optional.of(Math.min(seconds, MAX_LIFETIME.toSeconds()));
  }

  /**
   * Whether a device with {@code deviceTags}, created at {@code created}, joined with a key that
   * carried {@code keyTags} and was valid from {@code from} to {@code to}.
   */
  public static boolean joinedWith(
      List<String> deviceTags, Instant created, List<String> keyTags, Instant from, Instant to) {
    return created != null
        && !created.isBefore(from)
        && !created.isAfter(to)
        && new HashSet<>(deviceTags).equals(new HashSet<>(keyTags));
  }
}
