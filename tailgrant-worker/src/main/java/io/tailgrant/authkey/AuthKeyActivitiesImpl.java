package io.tailgrant.authkey;

import io.micrometer.core.instrument.Metrics;
import io.tailgrant.audit.LogSafe;
import io.tailgrant.secrets.RecipientSeal;
import io.tailgrant.secrets.SealedSecret;
import io.tailgrant.tailnet.AuthKeyInfo;
import io.tailgrant.tailnet.KeysApi;
import io.tailgrant.tailnet.NewAuthKey;
import io.tailgrant.tailnet.TailscaleApiException;
import io.tailgrant.tailnet.TailscaleDevice;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mints, ends and cleans up auth-key grants' keys through the keys API. A key leaves this class
 * only sealed to its asker's one-time key: it is never logged, returned or kept.
 */
public final class AuthKeyActivitiesImpl implements AuthKeyActivities {
  private static final Logger log = LoggerFactory.getLogger(AuthKeyActivitiesImpl.class);
  static final String REFUSED = "AuthKeyRefused";
  static final int ALERT_AFTER_ATTEMPTS = 5;

  private final KeysApi api;
  private final Predicate<String> grantIsOpen;
  private final Clock clock;

  /** {@code grantIsOpen} answers from Temporal whether a grant's workflow still runs. */
  public AuthKeyActivitiesImpl(KeysApi api, Predicate<String> grantIsOpen, Clock clock) {
    this.api = api;
    this.grantIsOpen = grantIsOpen;
    this.clock = clock;
  }

  @Override
  public IssuedAuthKey mintAuthKey(AuthKeyMint mint) {
    String description = AuthKeyRules.description(mint.grantId());
    try {
      // An earlier attempt's key (its answer lost) goes first: a grant has one key at a time.
      for (AuthKeyInfo k : api.listAuthKeys()) {
        if (description.equals(k.description())) {
          api.deleteAuthKey(k.id());
        }
      }
      long seconds =
          AuthKeyRules.expirySeconds(clock.instant(), mint.endsAt())
              .orElseThrow(
                  () ->
                      ApplicationFailure.newNonRetryableFailure(
                          "grant " + mint.grantId() + " ends in under a second", REFUSED));
      NewAuthKey key =
          api.createAuthKey(
              mint.tags(),
              mint.settings().reusable(),
              mint.settings().ephemeral(),
              seconds,
              description);
      SealedSecret sealed = RecipientSeal.seal(key.key(), mint.recipientKey(), mint.grantId());
      log.info(
          "grant {}: auth key {} minted for {}, expires {}",
          mint.grantId(),
          key.id(),
          String.join(" ", mint.tags()),
          key.expires());
      return new IssuedAuthKey(sealed, key.id(), key.expires());
    } catch (TailscaleApiException e) {
      throw e.isRetryable()
          ? ApplicationFailure.newFailureWithCauseAndDelay(
              e.getMessage(), "TailscaleApiError", null, e.retryAfter())
          : ApplicationFailure.newNonRetryableFailure(e.getMessage(), REFUSED);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), REFUSED);
    }
  }

  @Override
  public AuthKeyRemoval releaseAuthKeys(AuthKeyRelease release) {
    String description = AuthKeyRules.description(release.grantId());
    try {
      List<String> deleted = new ArrayList<>();
      Instant since = release.since();
      for (AuthKeyInfo k : api.listAuthKeys()) {
        if (description.equals(k.description())) {
          api.deleteAuthKey(k.id());
          deleted.add(k.id());
          Instant created = k.createdAt();
          if (created != null && (since == null || created.isBefore(since))) {
            since = created;
          }
        }
      }
      List<AuthKeyRemoval.JoinedDevice> joined = new ArrayList<>();
      if (since != null) {
        Instant now = clock.instant();
        for (TailscaleDevice d : api.listDevices()) {
          if (AuthKeyRules.joinedWith(d.tags(), d.createdAt(), release.tags(), since, now)) {
            boolean remove = release.settings().removeDevices();
            if (remove) {
              api.deleteDevice(d.nodeId());
            }
            joined.add(new AuthKeyRemoval.JoinedDevice(d.nodeId(), d.hostname(), remove));
          }
        }
      }
      return new AuthKeyRemoval(deleted, joined);
    } catch (TailscaleApiException e) {
      int attempt = Activity.getExecutionContext().getInfo().getAttempt();
      String line =
          "ending the auth keys of grant "
              + release.grantId()
              + " failed (attempt "
              + attempt
              + "): "
              + LogSafe.quote(e.getMessage());
      Metrics.counter("tailgrant.removal.failures").increment();
      if (attempt >= ALERT_AFTER_ATTEMPTS) {
        log.error("ALERT tailgrant.removal.stuck {}", line);
      } else {
        log.warn(line);
      }
      throw ApplicationFailure.newFailureWithCauseAndDelay(
          e.getMessage(), "TailscaleApiError", null, e.retryAfter());
    }
  }

  @Override
  public int removeOrphanKeys() {
    int removed = 0;
    try {
      for (AuthKeyInfo k : api.listAuthKeys()) {
        String grantId = AuthKeyRules.grantOf(k.description()).orElse(null);
        if (grantId != null && !grantIsOpen.test(grantId)) {
          log.info("auth key {} of grant {} outlived its grant; deleting it", k.id(), grantId);
          api.deleteAuthKey(k.id());
          removed++;
        }
      }
    } catch (TailscaleApiException e) {
      throw ApplicationFailure.newFailureWithCauseAndDelay(
          e.getMessage(), "TailscaleApiError", null, e.retryAfter());
    }
    return removed;
  }
}
