package io.tailgrant.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The tailnet's auth keys and Tailscale's rules over them: what a key may carry when an OAuth
 * client makes it, how long it lives, and when it stops letting devices join (deleted, expired, or
 * a single-use key used once). Every stretch of a key's validity goes to the exposure log ({@code
 * kind} "auth-key", named by its description). Mutated only under the {@link TailnetState} lock.
 */
final class SimAuthKeys {
  /** Tailscale's longest and default auth key lifetime. */
  static final Duration MAX_EXPIRY = Duration.ofDays(90);

  private static final Pattern DESCRIPTION = Pattern.compile("^[A-Za-z0-9 -]{0,50}$");
  static final String EXPOSURE_KIND = "auth-key";

  /** One auth key; {@code secret} is the full {@code tskey-auth-...} string, shown once. */
  static final class Key {
    final String id;
    final String secret;
    final Instant created;
    final Instant expires;
    final long expirySeconds;
    final boolean reusable;
    final boolean ephemeral;
    final boolean preauthorized;
    final List<String> tags;
    final String description;
    Instant revoked;
    boolean used;

    Key(
        String id,
        String secret,
        Instant created,
        long expirySeconds,
        boolean reusable,
        boolean ephemeral,
        boolean preauthorized,
        List<String> tags,
        String description) {
      this.id = id;
      this.secret = secret;
      this.created = created;
      this.expirySeconds = expirySeconds;
      this.expires = created.plusSeconds(expirySeconds);
      this.reusable = reusable;
      this.ephemeral = ephemeral;
      this.preauthorized = preauthorized;
      this.tags = List.copyOf(tags);
      this.description = description;
    }

    boolean expiredAt(Instant now) {
      return !now.isBefore(expires);
    }

    /** Whether a device could join with it at {@code now}. */
    boolean validAt(Instant now) {
      return revoked == null && !expiredAt(now) && (reusable || !used);
    }

    String exposureName() {
      return description.isEmpty() ? id : description;
    }
  }

  private final Map<String, Key> keys = new LinkedHashMap<>();
  private final Map<String, Key> bySecret = new HashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final ExposureLog exposure;

  SimAuthKeys(ExposureLog exposure) {
    this.exposure = exposure;
  }

  /**
   * Creates an auth key from a create-key body; {@code owned} says whether the calling client may
   * put a tag on it. 400 with the API's reason for a body it would refuse.
   */
  Key create(JsonNode body, Predicate<String> owned, Instant now) {
    if (body == null || body.path("capabilities").path("devices").isMissingNode()) {
      throw SimApiError.badRequest("capabilities.devices is required");
    }
    String keyType = body.path("keyType").asText("auth");
    if (!keyType.equals("auth")) {
      throw SimApiError.badRequest("this simulator creates auth keys only, not " + keyType);
    }
    JsonNode create = body.path("capabilities").path("devices").path("create");
    List<String> tags = new ArrayList<>();
    create.path("tags").forEach(t -> tags.add(t.asText()));
    if (tags.isEmpty()) {
      throw SimApiError.badRequest("tags are required for auth keys created by an OAuth client");
    }
    List<String> invalid = tags.stream().filter(owned.negate()).toList();
    if (!invalid.isEmpty()) {
      throw SimApiError.badRequest(
          "requested tags [" + String.join(" ", invalid) + "] are invalid or not permitted");
    }
    JsonNode e = body.path("expirySeconds");
    long expiry = e.isMissingNode() || e.isNull() ? 0 : e.asLong(-1);
    if (expiry < 0 || (!e.isMissingNode() && !e.isNull() && !e.isIntegralNumber())) {
      throw SimApiError.badRequest("expirySeconds must be a whole number of seconds, at least 0");
    }
    if (expiry > MAX_EXPIRY.toSeconds()) {
      throw SimApiError.badRequest("expirySeconds must be at most 90 days (7776000 s)");
    }
    long seconds = expiry == 0 ? MAX_EXPIRY.toSeconds() : expiry;
    String description = body.path("description").asText("");
    if (!DESCRIPTION.matcher(description).matches()) {
      throw SimApiError.badRequest(
          "description must be at most 50 alphanumeric characters, hyphens and spaces");
    }
    byte[] idBytes = new byte[7];
    byte[] secretBytes = new byte[16];
    random.nextBytes(idBytes);
    random.nextBytes(secretBytes);
    String id = "k" + HexFormat.of().formatHex(idBytes) + "CNTRL";
    String secret = "tskey-auth-" + id + "-" + HexFormat.of().formatHex(secretBytes);
    Key key =
        new Key(
            id,
            secret,
            now,
            seconds,
            create.path("reusable").asBoolean(false),
            create.path("ephemeral").asBoolean(false),
            create.path("preauthorized").asBoolean(false),
            tags,
            description);
    keys.put(id, key);
    bySecret.put(secret, key);
    observe(key, now);
    return key;
  }

  /** The key with this id (deleted and expired ones too: the API still answers for them). */
  Key get(String id) {
    Key k = keys.get(id);
    if (k == null) {
      throw SimApiError.notFound("key");
    }
    return k;
  }

  /** Keys that are neither deleted nor expired, as the list call shows them. */
  List<Key> active(Instant now) {
    return keys.values().stream().filter(k -> k.revoked == null && !k.expiredAt(now)).toList();
  }

  /** Deletes (revokes) a key; 404 for one that never existed or is already deleted. */
  void delete(String id, Instant now) {
    Key k = keys.get(id);
    if (k == null || k.revoked != null) {
      throw SimApiError.notFound("key");
    }
    k.revoked = now;
    observe(k, now);
  }

  /**
   * The key a device joins with, marked used; 400 with the control plane's reason when it cannot be
   * used.
   */
  Key useForJoin(String secret, Instant now) {
    Key k = secret == null ? null : bySecret.get(secret.trim());
    if (k == null) {
      throw SimApiError.badRequest("invalid key: unable to validate API key");
    }
    if (k.revoked != null || k.expiredAt(now)) {
      throw SimApiError.badRequest("invalid key: API key does not exist");
    }
    if (!k.reusable && k.used) {
      throw SimApiError.badRequest("invalid key: API key " + k.id + " not valid");
    }
    k.used = true;
    observe(k, now);
    return k;
  }

  /** Closes the exposure of keys whose expiry has passed, at their expiry. */
  void expire(Instant now) {
    for (Key k : keys.values()) {
      if (k.revoked == null && k.expiredAt(now)) {
        exposure.closeAt(k.id, EXPOSURE_KIND, k.exposureName(), k.expires);
      }
    }
  }

  Set<String> ids() {
    return Set.copyOf(keys.keySet());
  }

  private void observe(Key k, Instant now) {
    exposure.observe(
        k.id, EXPOSURE_KIND, k.validAt(now) ? Set.of(k.exposureName()) : Set.of(), now);
  }

  /** A key as the API shows it: no secret, {@code invalid} once deleted or expired. */
  static Map<String, Object> json(Key k, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", k.id);
    m.put("keyType", "auth");
    m.put("description", k.description);
    m.put("expirySeconds", k.expirySeconds);
    m.put("created", k.created.toString());
    m.put("updated", k.created.toString());
    m.put("expires", k.expires.toString());
    if (k.revoked != null) {
      m.put("revoked", k.revoked.toString());
    }
    m.put("invalid", k.revoked != null || k.expiredAt(now));
    Map<String, Object> create = new LinkedHashMap<>();
    create.put("reusable", k.reusable);
    create.put("ephemeral", k.ephemeral);
    create.put("preauthorized", k.preauthorized);
    create.put("tags", k.tags);
    m.put("capabilities", Map.of("devices", Map.of("create", create)));
    m.put("userId", "");
    return m;
  }
}
