package io.tailgrant.tka;

import java.time.Instant;

/** A sign-in's state across continue-as-new: the grant that holds it and when it was claimed. */
public record SignInState(String grantId, Instant claimedAt) {

  public static SignInState none() {
    return new SignInState(null, null);
  }
}
