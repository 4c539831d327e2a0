package io.tailgrant.tka;

import io.temporal.activity.ActivityInterface;

/** Asks Temporal whether a grant still holds (or will hold) access. */
@ActivityInterface
public interface SignInActivities {

  /** Whether grant {@code grantId} exists and is pending, activating or active. */
  GrantLiveness liveness(String grantId);

  /** What a sign-in needs to know of its grant. */
  enum GrantLiveness {
    /** No such grant (yet: a sign-in's server may still be starting it). */
    UNKNOWN,
    /** Pending, activating or active: it holds the sign-in. */
    HOLDS,
    /** Ending or ended. */
    ENDED
  }
}
