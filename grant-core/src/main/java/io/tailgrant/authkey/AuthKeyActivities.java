package io.tailgrant.authkey;

import io.temporal.activity.ActivityInterface;

/**
 * The Tailscale side of auth-key grants. Implemented in the worker, the only holder of the OAuth
 * secret; the key itself never leaves the worker unsealed.
 */
@ActivityInterface
public interface AuthKeyActivities {

  /** Mints the grant's key (deleting any earlier attempt's first) and seals it to its asker. */
  IssuedAuthKey mintAuthKey(AuthKeyMint mint);

  /** Deletes the grant's keys, lists (and if asked removes) the devices that joined with them. */
  AuthKeyRemoval releaseAuthKeys(AuthKeyRelease release);

  /** Deletes TailGrant's keys whose grant no longer runs; returns how many. */
  int removeOrphanKeys();
}
