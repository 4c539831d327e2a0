package io.tailgrant.web;

import io.tailgrant.config.GrantTypeConfig;
import io.tailgrant.grant.Durations;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.grant.GrantSpec;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.Refusal;
import io.tailgrant.identity.Caller;
import java.time.Duration;

/**
 * A TKA sign-in is the caller's open grant of the TKA type. Logging in claims the sign-in through
 * the person's sign-in workflow, keyed by their login, so concurrent logins on any number of
 * servers share one grant instead of each starting one.
 */
final class TkaSignIns {
  private final GrantService grants;

  TkaSignIns(GrantService grants) {
    this.grants = grants;
  }

  /** The grant that holds {@code caller}'s sign-in, started now if none does. */
  GrantView signIn(Caller caller, GrantTypeConfig type) {
    // Refusals (no capability, a conflicting one) come before any claim.
    GrantSpec spec = grants.catalog().specFor(type, caller.capabilities());
    String candidate = GrantIds.newGrantId();
    String held = grants.client().claimSignIn(caller.login(), candidate);
    if (!held.equals(candidate)) {
      return existing(caller, held);
    }
    String duration = Durations.format(spec.maxDuration());
    return grants.request(
        caller, new NewGrantRequest(type.name(), null, duration, "TKA sign-in", null), candidate);
  }

  /** Another login's grant: it may still be starting on another server for a moment. */
  private GrantView existing(Caller caller, String id) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      try {
        return grants.get(caller, id);
      } catch (Refusal r) {
        if (r.kind() != Refusal.Kind.NOT_FOUND || System.nanoTime() > deadline) {
          throw r;
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Refusal.conflict("interrupted while waiting for sign-in " + id);
      }
    }
  }
}
