package io.tailgrant.grant;

import io.tailgrant.authkey.AuthKeyMint;
import io.tailgrant.authkey.AuthKeyRelease;
import io.tailgrant.authkey.AuthKeyRemoval;
import io.tailgrant.authkey.IssuedAuthKey;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * A short-lived auth key that lets a new device join as the type's tags. The key is minted when its
 * requester first asks for it, sealed to that request's one-time key, so it is never in the
 * workflow's state or history; it expires with the grant. At the end every key the grant minted is
 * deleted and the devices that joined with it are listed (and removed if the type says so).
 */
final class AuthKeyAccessEnforcer implements AccessEnforcer {
  private final GrantInput input;
  private final GrantActivityStubs stubs;
  private final Timeline timeline;
  private boolean minting;
  private Instant askedAt;

  AuthKeyAccessEnforcer(GrantInput input, GrantActivityStubs stubs, Timeline timeline) {
    this.input = input;
    this.stubs = stubs;
    this.timeline = timeline;
  }

  /** Nothing to do yet: the key is minted when its requester asks for it. */
  @Override
  public void apply(Instant endsAt) {}

  /**
   * Tailscale cannot move a key's expiry: the key keeps the end it was minted with, and joined
   * devices stay until the new end.
   */
  @Override
  public void extend(Instant endsAt) {}

  /** Mints the key, valid until {@code endsAt}, sealed to {@code recipientKey}. */
  @Override
  public IssuedAuthKey authKey(String recipientKey, Instant endsAt) {
    minting = true;
    if (askedAt == null) {
      askedAt = WorkflowTimers.now();
    }
    try {
      return stubs.mintAuthKey.mintAuthKey(
          new AuthKeyMint(
              input.grantId(), input.spec().tags(), input.spec().authKey(), endsAt, recipientKey));
    } finally {
      minting = false;
    }
  }

  /** No manager to tell ahead: the grant deletes its keys itself. */
  @Override
  public void release(boolean headStart) {
    // A key being minted right now must exist before it can be deleted.
    Workflow.await(() -> !minting);
    AuthKeyRemoval removal =
        stubs.removeAuthKeys.releaseAuthKeys(
            new AuthKeyRelease(
                input.grantId(), input.spec().tags(), input.spec().authKey(), askedAt));
    if (!removal.keysDeleted().isEmpty()) {
      timeline.record("auth key deleted", String.join(", ", removal.keysDeleted()));
    }
    if (!removal.joined().isEmpty()) {
      timeline.record(
          "joined with its key",
          removal.joined().stream()
              .map(d -> d.name() + " (" + (d.removed() ? "removed" : "kept") + ")")
              .collect(Collectors.joining(", ")));
    } else if (askedAt != null) {
      timeline.record("joined with its key", "no device");
    }
  }
}
