package io.tailgrant.grant;

import io.tailgrant.authkey.IssuedAuthKey;
import io.tailgrant.kubernetes.IssuedKubeconfig;
import java.time.Instant;

/**
 * How one kind of grant puts its access in place and takes it away; the lifecycle is the same for
 * every kind. Called from workflow code only.
 */
interface AccessEnforcer {

  /** Gives the access until {@code endsAt}; throws an ActivityFailure when it cannot. */
  void apply(Instant endsAt);

  /** Moves the access's end to {@code endsAt}. */
  void extend(Instant endsAt);

  /**
   * Takes the access away; never gives up. {@code headStart}: where the kind can, tell whoever
   * removes it at once, in the same workflow task (version 1 of "release-head-start").
   */
  void release(boolean headStart);

  /**
   * Mints a kubeconfig valid until {@code endsAt}, sealed to {@code recipientKey}; only a
   * kubernetes grant has one ({@link GrantRules} refuses the Update for any other kind).
   */
  default IssuedKubeconfig kubeconfig(String recipientKey, Instant endsAt) {
    throw new IllegalStateException("this kind of grant has no kubeconfig");
  }

  /**
   * Mints an auth key valid until {@code endsAt}, sealed to {@code recipientKey}; only an auth-key
   * grant has one ({@link GrantRules} refuses the Update for any other kind).
   */
  default IssuedAuthKey authKey(String recipientKey, Instant endsAt) {
    throw new IllegalStateException("this kind of grant has no auth key");
  }

  /** Where an enforcer notes in the grant's timeline what it did (as TailGrant). */
  @FunctionalInterface
  interface Timeline {
    void record(String action, String detail);
  }

  /** The enforcer of {@code input}'s kind. */
  static AccessEnforcer of(GrantInput input, GrantActivityStubs stubs, Timeline timeline) {
    return switch (input.spec().kind()) {
      case POSTURE, TAGS -> new DeviceAccessEnforcer(input, stubs);
      case KUBERNETES -> new ClusterAccessEnforcer(input, stubs);
      case USER_ROLE -> new RoleAccessEnforcer(input, stubs, timeline);
      case AUTH_KEY -> new AuthKeyAccessEnforcer(input, stubs, timeline);
    };
  }
}
