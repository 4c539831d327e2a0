package io.tailgrant.authkey;

import java.time.Instant;
import java.util.List;

/**
 * Mint grant {@code grantId}'s key: {@code tags} and {@code settings} from its type, expiring at
 * the grant's end {@code endsAt}, sealed to {@code recipientKey}.
 */
public record AuthKeyMint(
    String grantId, List<String> tags, AuthKeySpec settings, Instant endsAt, String recipientKey) {

  public AuthKeyMint {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
