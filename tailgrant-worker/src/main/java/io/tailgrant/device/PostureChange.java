package io.tailgrant.device;

import io.tailgrant.grant.GrantKind;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The attribute deletes and upserts that make a device's managed posture match its grants. */
record PostureChange(List<String> deletes, List<Upsert> upserts) {

  /** One attribute to set, until {@code expiresAt}, with a comment naming the grant behind it. */
  record Upsert(String key, Object value, Instant expiresAt, String comment) {}

  PostureChange {
    deletes = List.copyOf(deletes);
    upserts = List.copyOf(upserts);
  }

  boolean isEmpty() {
    return deletes.isEmpty() && upserts.isEmpty();
  }

  /**
   * From the device's {@code attributes} and their {@code expiries} (RFC 3339, as the API returns
   * them): a managed or held key no grant holds is deleted; a held key is set unless it already
   * shows the same value and the same expiry to the second. Keys come out sorted.
   */
  static PostureChange of(
      Map<String, Object> attributes,
      Map<String, String> expiries,
      List<DeviceAsset> held,
      Set<String> managedKeys) {
    Map<String, DeviceAsset> wanted = new HashMap<>();
    for (DeviceAsset a : held) {
      if (a.kind() == GrantKind.POSTURE && a.posture() != null) {
        // Several grants may hold one key: it stays until the last of them ends.
        wanted.merge(a.posture().key(), a, (x, y) -> x.expiresAt().isAfter(y.expiresAt()) ? x : y);
      }
    }
    Set<String> keys = new TreeSet<>(managedKeys);
    keys.addAll(wanted.keySet());
    List<String> deletes = new ArrayList<>();
    List<Upsert> upserts = new ArrayList<>();
    for (String key : keys) {
      DeviceAsset want = wanted.get(key);
      Object have = attributes.get(key);
      if (want == null) {
        if (have != null) {
          deletes.add(key);
        }
      } else if (have == null
          || !sameValue(have, want.posture().value())
          || !sameSecond(expiries.get(key), want.expiresAt())) {
        upserts.add(
            new Upsert(
                key,
                want.posture().value(),
                want.expiresAt(),
                "TailGrant grant " + want.grantId()));
      }
    }
    return new PostureChange(deletes, upserts);
  }

  /** JSON gives back an Integer for the Long TailGrant wrote, so values compare as text. */
  private static boolean sameValue(Object a, Object b) {
    return String.valueOf(a).equals(String.valueOf(b));
  }

  /** Expiries come back in any offset and with sub-seconds; an unreadable one is rewritten. */
  private static boolean sameSecond(String expiry, Instant wanted) {
    if (expiry == null) {
      return false;
    }
    try {
      Instant have = OffsetDateTime.parse(expiry).toInstant();
      return have.truncatedTo(ChronoUnit.SECONDS).equals(wanted.truncatedTo(ChronoUnit.SECONDS));
    } catch (RuntimeException e) {
      return false;
    }
  }
}
