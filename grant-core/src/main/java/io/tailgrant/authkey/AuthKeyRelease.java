package io.tailgrant.authkey;

import java.time.Instant;
import java.util.List;

/**
 * End grant {@code grantId}'s keys: delete every key it minted, list the devices that joined with
 * them (carrying exactly {@code tags}, created since {@code since}), and remove those devices when
 * {@code settings} say so.
 */
public record AuthKeyRelease(
    String grantId, List<String> tags, AuthKeySpec settings, Instant since) {

  public AuthKeyRelease {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
