package io.tailgrant.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The simulated tailnet's state and Tailscale's rules over it: OAuth tokens and scopes, tag
 * ownership, tag replacement, posture attributes with their type locks and expiries. HTTP lives
 * elsewhere; every method here either changes state or throws {@link SimApiError}.
 */
public final class TailnetState {
  static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

  /** The Tailscale version every simulated node runs (API clientVersion, LocalAPI Version). */
  static final String TAILSCALE_VERSION = "1.90.0-t1234abcd-g5678ef";

  private static final Pattern ATTR_KEY = Pattern.compile("^custom:[A-Za-z0-9_]{1,43}$");
  private static final Pattern ATTR_STRING = Pattern.compile("^[A-Za-z0-9_.]{1,50}$");
  private static final Pattern TAG = Pattern.compile("^tag:[A-Za-z][A-Za-z0-9-]*$");
  private static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  /** Tailscale's user roles (the API's spelling); a tailnet has exactly one owner. */
  public static final List<String> ROLES =
      List.of("owner", "admin", "it-admin", "network-admin", "billing-admin", "auditor", "member");

  private final SimSeed seed;
  private final InstantSource clock;

  /** Every device by node id, in seed order; the maps below index the same devices. */
  private final Map<String, SimDevice> devices = new LinkedHashMap<>();

  private final Map<String, SimDevice> byNumericId = new HashMap<>();
  private final Map<String, SimDevice> byHostname = new HashMap<>();
  private final Map<String, SimDevice> byFqdn = new HashMap<>();

  /** Tailscale IPv4 and IPv6 addresses and {@code nodekey:} keys. */
  private final Map<String, SimDevice> byAddress = new HashMap<>();

  /** The seed's users by login (deleted ones too: their names still show in old data). */
  private final Map<String, SimSeed.User> seedUsers = new HashMap<>();

  /** Users that exist now, in seed order, with their role and suspension. */
  private final Map<String, Member> users = new LinkedHashMap<>();

  private final Map<String, Set<String>> groupMembers = new HashMap<>();
  private final Map<String, List<String>> groupsByLogin = new HashMap<>();

  /** Pending attribute expiries, soonest first (stale entries are skipped when they come up). */
  private final PriorityQueue<PendingExpiry> expiries =
      new PriorityQueue<>(Comparator.comparing(PendingExpiry::at));

  private String policy;
  private final Map<String, String> attributeTypes = new ConcurrentHashMap<>();
  private final Map<String, String> attributeSpellings = new ConcurrentHashMap<>();
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final ExposureLog exposure = new ExposureLog();
  private final Map<String, ProxiedIdentity> proxied = new ConcurrentHashMap<>();

  /** An issued access token: who holds it, what it may do, until when. */
  record Token(SimSeed.OAuthClient client, Set<String> scopes, Instant expiresAt) {}

  private final Set<String> revokedClients = ConcurrentHashMap.newKeySet();
  private final SimAuthKeys authKeys = new SimAuthKeys(exposure);

  /** The 1-based index of the next device: its id and addresses follow from it. */
  private int nextIndex;

  /** A user of the tailnet as it is now. */
  private static final class Member {
    final SimSeed.User user;
    String role;
    boolean suspended;

    Member(SimSeed.User user, String role) {
      this.user = user;
      this.role = role;
    }
  }

  /** An attribute's expiry waiting to happen. */
  private record PendingExpiry(Instant at, String nodeId, String key) {}

  /** A user as {@code GET /sim/users} shows it; {@code status} is active or suspended. */
  public record UserView(
      String login, String displayName, String role, String status, boolean external) {}

  public TailnetState(SimSeed seed, InstantSource clock) {
    this.seed = seed;
    this.clock = clock;
    indexUsers(seed);
    int i = 0;
    for (SimSeed.Device d : seed.devices()) {
      i++;
      boolean external = isExternal(d.user());
      checkSharing(d, external);
      SimDevice device =
          new SimDevice(
              100000000000L + i * 7919L,
              nodeIdFor(d.name()),
              d.name(),
              d.name() + "." + (d.dnsSuffix() == null ? seed.dnsSuffix() : d.dnsSuffix()),
              d.user(),
              d.os() == null ? "linux" : d.os(),
              ipv4For(i),
              "fd7a:115c:a1e0::" + Integer.toHexString(i),
              Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i * 3600L),
              d.tags(),
              external,
              d.sharedFrom() == null || d.sharedFrom().equals(d.user()) ? null : d.sharedFrom());
      if (devices.putIfAbsent(device.nodeId, device) != null) {
        throw new IllegalArgumentException("device " + d.name() + " is listed twice");
      }
      index(device);
    }
    nextIndex = i + 1;
    devices.values().forEach(this::observe);
    users.values().forEach(this::observeRole);
    this.policy = initialPolicy(seed);
    SimSeed.WebhookEndpoint w = seed.webhookEndpoint();
    if (w != null) {
      setWebhookEndpoint(w.url(), w.secret());
    }
  }

  /**
   * The i-th device's (1-based) Tailscale IPv4 address in 100.64.0.0/10: the first 254 are {@code
   * 100.64.0.i} as always (docs and tests know them); later ones fill 100.64.1.1 onwards, skipping
   * .0 and .255.
   */
  static String ipv4For(int i) {
    if (i < 255) {
      return "100.64.0." + i;
    }
    int k = i - 255;
    return "100.64." + (1 + k / 254) + "." + (1 + k % 254);
  }

  private void indexUsers(SimSeed seed) {
    boolean owner = false;
    for (SimSeed.User u : seed.users()) {
      String role = u.role() == null ? "member" : u.role();
      if (!ROLES.contains(role)) {
        throw new IllegalArgumentException(
            "user " + u.login() + ": role must be one of " + String.join(", ", ROLES));
      }
      if (u.external() && !role.equals("member")) {
        throw new IllegalArgumentException(
            "user " + u.login() + ": an external user has no role in this tailnet");
      }
      if (role.equals("owner")) {
        if (owner) {
          throw new IllegalArgumentException(
              "a tailnet has one owner; " + u.login() + " is another");
        }
        owner = true;
      }
      seedUsers.putIfAbsent(u.login(), u);
      users.putIfAbsent(u.login(), new Member(u, role));
    }
    seed.groups()
        .forEach(
            (group, members) -> {
              groupMembers.put(group, new HashSet<>(members));
              for (String login : members) {
                groupsByLogin.computeIfAbsent(login, k -> new ArrayList<>()).add(group);
              }
            });
  }

  private void index(SimDevice d) {
    byNumericId.putIfAbsent(Long.toString(d.id), d);
    byHostname.putIfAbsent(d.hostname, d);
    byFqdn.putIfAbsent(d.fqdn, d);
    byAddress.putIfAbsent(d.ipv4, d);
    byAddress.putIfAbsent(d.ipv6, d);
    byAddress.putIfAbsent(nodeKey(d), d);
  }

  private void unindex(SimDevice d) {
    byNumericId.remove(Long.toString(d.id), d);
    byAddress.remove(d.ipv4, d);
    byAddress.remove(d.ipv6, d);
    byAddress.remove(nodeKey(d), d);
    // Host names (and so FQDNs) may repeat in a hand-written seed: the next device takes over.
    if (byHostname.remove(d.hostname, d) | byFqdn.remove(d.fqdn, d)) {
      for (SimDevice other : devices.values()) {
        if (other.hostname.equals(d.hostname)) {
          byHostname.putIfAbsent(other.hostname, other);
        }
        if (other.fqdn.equals(d.fqdn)) {
          byFqdn.putIfAbsent(other.fqdn, other);
        }
      }
    }
  }

  private static String nodeKey(SimDevice d) {
    return "nodekey:" + d.nodeId.toLowerCase();
  }

  /**
   * A shared-in device is one whose owner is an external user; only it may name a sharer, who is an
   * external user too (a member of this tailnet cannot share another tailnet's node into it).
   */
  private void checkSharing(SimSeed.Device d, boolean external) {
    if (external && d.tags() != null && !d.tags().isEmpty()) {
      throw new IllegalArgumentException(
          "device " + d.name() + ": shared-in devices are user-owned; drop its tags");
    }
    if (d.sharedFrom() != null && !external) {
      throw new IllegalArgumentException(
          "device " + d.name() + ": sharedFrom is only for devices of external users");
    }
    if (d.sharedFrom() != null && !isExternal(d.sharedFrom())) {
      throw new IllegalArgumentException(
          "device "
              + d.name()
              + ": sharedFrom "
              + d.sharedFrom()
              + " must be an external user (the sharer belongs to the device's own tailnet)");
    }
    if (d.dnsSuffix() != null && !external) {
      throw new IllegalArgumentException(
          "device " + d.name() + ": dnsSuffix is only for shared-in devices");
    }
  }

  /** Whether the seed lists {@code login} as a user of another tailnet. */
  public boolean isExternal(String login) {
    SimSeed.User u = login == null ? null : seedUsers.get(login);
    return u != null && u.external();
  }

  public ExposureLog exposure() {
    return exposure;
  }

  /** Records what the device shows now in the exposure log. */
  private void observe(SimDevice d) {
    Instant now = now();
    exposure.observe(d.nodeId, "tag", new LinkedHashSet<>(d.tags), now);
    exposure.observe(d.nodeId, "attribute", d.attributes.keySet(), now);
  }

  /**
   * Records a user's role in the exposure log (kind "role", under their login): every role above
   * member is access someone holds, and its intervals are what over-runs are measured on.
   */
  private void observeRole(Member m) {
    exposure.observe(
        m.user.login(), "role", m.role.equals("member") ? Set.of() : Set.of(m.role), now());
  }

  /** Stable node ids derived from the host name, so docs and tests can rely on them. */
  static String nodeIdFor(String hostname) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(hostname.getBytes(StandardCharsets.UTF_8));
      return "n" + HexFormat.of().formatHex(h, 0, 5) + "CNTRL";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public SimSeed seed() {
    return seed;
  }

  public Instant now() {
    return clock.instant();
  }

  // ---- OAuth ---------------------------------------------------------------------------------

  /**
   * Issues a token for a client secret (the client id is derived from the secret, as Tailscale
   * does).
   */
  public synchronized Map<String, Object> issueToken(
      String clientId, String clientSecret, String scope) {
    SimSeed.OAuthClient client =
        seed.oauthClients().stream()
            // Tailscale derives the client from the secret and ignores client_id.
            .filter(c -> c.secret().equals(clientSecret) && !revokedClients.contains(c.id()))
            .findFirst()
            .orElseThrow(SimApiError::unauthorized);
    Set<String> scopes = new TreeSet<>(client.scopes());
    if (scope != null && !scope.isBlank()) {
      Set<String> asked = new TreeSet<>(List.of(scope.trim().split("\\s+")));
      if (!client.scopes().containsAll(asked)) {
        throw SimApiError.badRequest("requested scopes exceed the client's scopes");
      }
      scopes = asked;
    }
    byte[] b = new byte[18];
    random.nextBytes(b);
    String token = "tskey-api-" + client.id() + "-" + HexFormat.of().formatHex(b);
    tokens.put(token, new Token(client, scopes, now().plus(TOKEN_LIFETIME)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", token);
    body.put("token_type", "Bearer");
    body.put("expires_in", TOKEN_LIFETIME.toSeconds());
    body.put("scope", String.join(" ", scopes));
    return body;
  }

  /** The token's holder, or 401 if it is unknown, expired or its client revoked. */
  public Token authenticate(String token) {
    Token t = token == null ? null : tokens.get(token);
    if (t == null || !now().isBefore(t.expiresAt()) || revokedClients.contains(t.client().id())) {
      throw SimApiError.unauthorized();
    }
    return t;
  }

  /** Revokes every issued token, as rotating the client secret would. */
  public void revokeAllTokens() {
    tokens.clear();
  }

  /**
   * Deletes an OAuth client, as an admin would in the console: its secret and tokens stop working
   * (401).
   */
  public synchronized void revokeClient(String clientId) {
    revokedClients.add(clientId);
  }

  /** Brings a revoked client back (tests). */
  public synchronized void restoreClient(String clientId) {
    revokedClients.remove(clientId);
  }

  // ---- Auth keys -----------------------------------------------------------------------------

  /**
   * Creates an auth key; an OAuth client's keys must carry tags it owns. The answer holds the key
   * itself, which no later call shows again.
   */
  public synchronized Map<String, Object> createAuthKey(Token by, JsonNode body) {
    requireScope(by, "auth_keys", true);
    SimAuthKeys.Key k = authKeys.create(body, tag -> ownedBy(tag, by), now());
    Map<String, Object> answer = SimAuthKeys.json(k, now());
    answer.put("key", k.secret);
    return answer;
  }

  /**
   * The keys a list call shows: with {@code all}, every active auth key (and the OAuth clients);
   * without it, an OAuth client's token sees the tailnet's OAuth clients only.
   */
  public synchronized List<Map<String, Object>> listAuthKeys(Token by, boolean all) {
    requireScope(by, "auth_keys", false);
    List<Map<String, Object>> out = new ArrayList<>();
    if (all) {
      authKeys.active(now()).forEach(k -> out.add(SimAuthKeys.json(k, now())));
    }
    for (SimSeed.OAuthClient c : seed.oauthClients()) {
      if (!revokedClients.contains(c.id())) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("keyType", "client");
        m.put("scopes", c.scopes());
        m.put("tags", c.tags());
        m.put("description", "");
        out.add(m);
      }
    }
    return out;
  }

  /** One key's metadata, deleted and expired ones too ({@code invalid: true}); never the key. */
  public synchronized Map<String, Object> getAuthKey(Token by, String id) {
    requireScope(by, "auth_keys", false);
    return SimAuthKeys.json(authKeys.get(id), now());
  }

  public synchronized void deleteAuthKey(Token by, String id) {
    requireScope(by, "auth_keys", true);
    authKeys.delete(id, now());
  }

  /** Auth keys that are neither deleted nor expired (ids), for tests. */
  public synchronized Set<String> authKeyIds() {
    return authKeys.active(now()).stream().map(k -> k.id).collect(Collectors.toUnmodifiableSet());
  }

  /** Closes the exposure of keys and attributes whose expiry has passed (before a report). */
  public synchronized void expireAll() {
    expireAttributes();
    authKeys.expire(now());
  }

  // ---- Joining with a key, leaving -----------------------------------------------------------

  private static final Pattern HOSTNAME = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

  /**
   * A device runs {@code tailscale up --auth-key=KEY --hostname=NAME}: it joins carrying the key's
   * tags, ephemeral if the key is. 400 with the control plane's reason when the key cannot be used
   * (unknown, deleted, expired, or single-use and used) or the host name is not a DNS label. A
   * taken name gets Tailscale's "-1", "-2"... suffix in MagicDNS.
   */
  public synchronized SimDeviceView join(String key, String hostname) {
    expireAll();
    if (hostname == null || !HOSTNAME.matcher(hostname).matches()) {
      throw SimApiError.badRequest(
          "hostname must be a DNS label: lower-case letters, digits and '-', at most 63");
    }
    SimAuthKeys.Key k = authKeys.useForJoin(key, now());
    String name = hostname;
    for (int n = 1; byHostname.containsKey(name); n++) {
      name = hostname + "-" + n;
    }
    int i = nextIndex++;
    SimDevice d =
        new SimDevice(
            100000000000L + i * 7919L,
            nodeIdFor(name + "#" + i),
            name,
            name + "." + seed.dnsSuffix(),
            TAGGED_DEVICES,
            "linux",
            ipv4For(i),
            "fd7a:115c:a1e0::" + Integer.toHexString(i),
            now(),
            k.tags,
            false,
            null,
            k.ephemeral);
    devices.put(d.nodeId, d);
    index(d);
    observe(d);
    return view(d);
  }

  /**
   * The device's tailscaled disconnects (it stopped, or {@code tailscale logout}): an ephemeral
   * device leaves the tailnet; any other stays listed. Returns whether it left; 404 if unknown.
   */
  public synchronized boolean disconnect(String idOrName) {
    SimDevice d = find(idOrName);
    if (d.ephemeral) {
      removeDevice(d);
    }
    return d.ephemeral;
  }

  /** The user Tailscale shows for devices that joined with a key owned by the tailnet. */
  static final String TAGGED_DEVICES = "tagged-devices";

  private boolean ownedBy(String tag, Token by) {
    return TAG.matcher(tag).matches()
        && seed.tagOwners().containsKey(tag)
        && (by.client().tags().contains(tag)
            || seed.tagOwners().getOrDefault(tag, List.of()).stream()
                .anyMatch(by.client().tags()::contains));
  }

  static void requireScope(Token t, String scope, boolean write) {
    Set<String> s = t.scopes();
    boolean ok =
        s.contains("all")
            || s.contains(scope)
            || (!write && (s.contains("all:read") || s.contains(scope + ":read")));
    if (!ok) {
      throw SimApiError.forbidden();
    }
  }

  // ---- Devices -------------------------------------------------------------------------------

  public synchronized List<SimDeviceView> devices() {
    expireAttributes();
    List<SimDeviceView> all = new ArrayList<>(devices.size());
    for (SimDevice d : devices.values()) {
      all.add(view(d));
    }
    return all;
  }

  public synchronized SimDeviceView device(String idOrName) {
    expireAttributes();
    return view(find(idOrName));
  }

  /** The API's device delete: a device shared in from another tailnet is not ours to delete. */
  public synchronized void deleteDeviceByApi(String idOrName) {
    expireAttributes();
    SimDevice d = find(idOrName);
    if (d.external) {
      throw new SimApiError(501, "device not owned by tailnet");
    }
    removeDevice(d);
  }

  public synchronized Optional<SimDeviceView> findDevice(String idOrName) {
    expireAttributes();
    return Optional.ofNullable(lookup(idOrName)).map(this::view);
  }

  public synchronized int deviceCount() {
    return devices.size();
  }

  private SimDevice find(String idOrName) {
    SimDevice d = lookup(idOrName);
    if (d == null) {
      throw SimApiError.notFound("device");
    }
    return d;
  }

  /** By node id, numeric id, host name or FQDN, in O(1). */
  private SimDevice lookup(String idOrName) {
    if (idOrName == null) {
      return null;
    }
    SimDevice d = devices.get(idOrName);
    if (d == null) {
      d = byNumericId.get(idOrName);
    }
    if (d == null) {
      d = byHostname.get(idOrName);
    }
    if (d == null) {
      d = byFqdn.get(idOrName);
    }
    return d;
  }

  /**
   * Replaces the device's tags, checking ownership against the token's client unless {@code
   * byAdmin}.
   */
  public synchronized void setTags(String deviceId, List<String> tags, Token by) {
    SimDevice d = find(deviceId);
    List<String> wanted = tags == null ? List.of() : List.copyOf(new LinkedHashSet<>(tags));
    List<String> invalid = new ArrayList<>();
    for (String tag : wanted) {
      boolean defined = TAG.matcher(tag).matches() && seed.tagOwners().containsKey(tag);
      boolean owned =
          by == null
              || by.client().tags().contains(tag)
              || seed.tagOwners().getOrDefault(tag, List.of()).stream()
                  .anyMatch(by.client().tags()::contains);
      if (!defined || !owned) {
        invalid.add(tag);
      }
    }
    if (!invalid.isEmpty()) {
      throw SimApiError.badRequest(
          "requested tags [" + String.join(" ", invalid) + "] are invalid or not permitted");
    }
    if (wanted.isEmpty()) {
      if (d.isTagged()) {
        throw SimApiError.badRequest(
            "cannot remove all tags from a tagged device: a device with a tag-based"
                + " identity must have at least one tag; re-authenticate it as a user instead");
      }
      return;
    }
    // A user-owned device that gets a tag becomes a tagged device for good: it loses its user
    // identity.
    d.tags = new ArrayList<>(wanted);
    observe(d);
  }

  // ---- Posture attributes --------------------------------------------------------------------

  public synchronized Map<String, Object> attributes(String deviceId) {
    expireAttributes();
    SimDevice d = find(deviceId);
    Map<String, Object> attrs = new LinkedHashMap<>();
    Map<String, String> expiries = new LinkedHashMap<>();
    d.attributes.forEach(
        (k, a) -> {
          attrs.put(k, a.value());
          if (a.expiry() != null) {
            expiries.put(k, a.expiry().toString());
          }
        });
    attrs.put("node:os", d.os);
    attrs.put("node:osVersion", "1.0");
    attrs.put("node:tsReleaseTrack", "stable");
    attrs.put("node:tsVersion", "1.90.0");
    attrs.put("node:tsAutoUpdate", false);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("attributes", attrs);
    body.put("expiries", expiries);
    return body;
  }

  /** Upserts a custom attribute under Tailscale's key, value, type-lock and expiry rules. */
  public synchronized void setAttribute(String deviceId, String key, JsonNode body) {
    SimDevice d = find(deviceId);
    checkCustomKey(key);
    if (body == null || !body.isObject() || !body.has("value") || body.get("value").isNull()) {
      throw SimApiError.badRequest("value is required");
    }
    JsonNode v = body.get("value");
    Object value;
    String type;
    if (v.isBoolean()) {
      value = v.booleanValue();
      type = "bool";
    } else if (v.isIntegralNumber()) {
      long n = v.longValue();
      if (!v.canConvertToLong() || n < 0 || n > (1L << 53) - 1) {
        throw SimApiError.badRequest("number values must be integers between 0 and 2^53-1");
      }
      value = n;
      type = "number";
    } else if (v.isTextual()) {
      if (!ATTR_STRING.matcher(v.textValue()).matches()) {
        throw SimApiError.badRequest(
            "invalid value \""
                + v.textValue()
                + "\": strings are at most 50 letters, digits, '_' or '.'");
      }
      value = v.textValue();
      type = "string";
    } else {
      throw SimApiError.badRequest("value must be a string, number or boolean");
    }
    String spelled = attributeSpellings.putIfAbsent(key.toLowerCase(), key);
    if (spelled != null && !spelled.equals(key)) {
      throw SimApiError.badRequest(
          "attribute key "
              + key
              + " conflicts with existing key "
              + spelled
              + " (keys are unique regardless of case)");
    }
    String locked = attributeTypes.get(key.toLowerCase());
    if (locked != null && !locked.equals(type)) {
      throw SimApiError.badRequest(
          "attribute " + key + " already has type " + locked + " in this tailnet");
    }
    JsonNode comment = body.get("comment");
    if (comment != null && comment.isTextual() && comment.textValue().length() > 200) {
      throw SimApiError.badRequest("comment must be at most 200 characters");
    }
    Instant expiry = parseExpiry(body.get("expiry"));
    attributeTypes.putIfAbsent(key.toLowerCase(), type);
    d.attributes.put(key, new SimDevice.Attribute(value, expiry));
    if (expiry != null) {
      expiries.add(new PendingExpiry(expiry, d.nodeId, key));
    }
    expireAttributes();
    observe(d);
  }

  public synchronized void deleteAttribute(String deviceId, String key) {
    SimDevice d = find(deviceId);
    if (key.startsWith("node:")) {
      throw SimApiError.badRequest(
          "node: attributes are managed by Tailscale and cannot be deleted");
    }
    checkCustomKey(key);
    d.attributes.remove(key);
    observe(d);
  }

  private static void checkCustomKey(String key) {
    if (!ATTR_KEY.matcher(key).matches()) {
      throw SimApiError.badRequest(
          "invalid attribute key \""
              + key
              + "\": keys start with custom: and hold at most 50 letters, digits or '_'");
    }
  }

  /** Absent, null, empty and Go's zero time all mean "never expires". */
  private static Instant parseExpiry(JsonNode e) {
    if (e == null || e.isNull() || (e.isTextual() && e.textValue().isEmpty())) {
      return null;
    }
    try {
      Instant t = OffsetDateTime.parse(e.asText()).toInstant();
      return t.equals(ZERO_TIME) ? null : t;
    } catch (RuntimeException ex) {
      throw SimApiError.badRequest("expiry must be an RFC 3339 time");
    }
  }

  /**
   * Tailscale removes an attribute by itself once its expiry passes. O(expired): the queue holds
   * every expiry ever set; one whose attribute was since replaced or deleted is skipped.
   */
  private void expireAttributes() {
    Instant now = now();
    while (!expiries.isEmpty() && !now.isBefore(expiries.peek().at())) {
      PendingExpiry e = expiries.poll();
      SimDevice d = devices.get(e.nodeId());
      SimDevice.Attribute a = d == null ? null : d.attributes.get(e.key());
      if (a != null && e.at().equals(a.expiry())) {
        d.attributes.remove(e.key());
        exposure.closeAt(d.nodeId, "attribute", e.key(), e.at());
      }
    }
  }

  // ---- The LocalAPI node's backend state --------------------------------------------------------

  /** ipn.State names, as LocalAPI status reports them in {@code BackendState}. */
  public static final List<String> BACKEND_STATES =
      List.of("NoState", "NeedsLogin", "NeedsMachineAuth", "Stopped", "Starting", "Running");

  private volatile String backendState = "Running";

  public String backendState() {
    return backendState;
  }

  /** Sets the LocalAPI node's state (400 for a name that is not an ipn.State). */
  public void setBackendState(String state) {
    if (state == null || !BACKEND_STATES.contains(state)) {
      throw SimApiError.badRequest("state must be one of " + String.join(", ", BACKEND_STATES));
    }
    backendState = state;
  }

  /**
   * Whether the LocalAPI node holds a network map. tailscaled's WhoIs and status read the netmap,
   * not the state: it has none before its first login (NoState) or once logged out (NeedsLogin
   * here; a NeedsLogin for an expired key would keep it), and keeps it while Stopped, Starting,
   * NeedsMachineAuth and Running.
   */
  public boolean hasNetMap() {
    String s = backendState;
    return !s.equals("NoState") && !s.equals("NeedsLogin");
  }

  /**
   * The device whose tailscaled answers the LocalAPI (the seed's {@code self}), if the seed has it.
   */
  public Optional<SimDeviceView> self() {
    return findDevice(seed.selfName());
  }

  // ---- WhoIs ---------------------------------------------------------------------------------

  /**
   * As {@link #whois(String, String)} over TCP and then UDP, as tailscaled does when no proto is
   * given.
   */
  public Optional<SimDeviceView> whois(String addr) {
    return whois(addr, null);
  }

  /**
   * The device at a tailnet address (ip, ip:port, [ip6]:port), its node key, or (sim only) its id
   * or name; failing that, the peer whose connection tailscaled proxies from that local ip:port
   * (see {@link #registerIPPortIdentity}), looked up under {@code proto} ("tcp", "udp"; null:
   * both). Nothing matches while the LocalAPI node has no netmap ({@link #hasNetMap}).
   */
  public synchronized Optional<SimDeviceView> whois(String addr, String proto) {
    if (!hasNetMap()) {
      return Optional.empty(); // tailscaled: "no netmap", answered as no match
    }
    String a = addr.trim();
    String ip = a;
    String port = null;
    if (a.startsWith("[") && a.contains("]")) {
      ip = a.substring(1, a.indexOf(']'));
      String rest = a.substring(a.indexOf(']') + 1);
      port = rest.startsWith(":") ? rest.substring(1) : null;
    } else if (a.chars().filter(c -> c == ':').count() == 1 && !a.startsWith("nodekey:")) {
      ip = a.substring(0, a.indexOf(':'));
      port = a.substring(a.indexOf(':') + 1);
    }
    if (ip.startsWith("::ffff:")) {
      ip = ip.substring(7);
    }
    SimDevice found = byAddress(ip, a);
    if (found == null && port != null && !port.isEmpty() && !port.equals("0")) {
      String ipPort = (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
      for (String p : proto == null || proto.isEmpty() ? List.of("tcp", "udp") : List.of(proto)) {
        ProxiedIdentity m = proxied.get(p + "|" + ipPort);
        if (m != null) {
          found = byAddress(m.peerIp, m.peerIp);
          break;
        }
      }
    }
    // A suspended user's devices stay in the tailnet but cannot connect: nothing reaches us from
    // them. Tagged devices belong to their tags, not to whoever authenticated them.
    if (found != null && !found.isTagged() && isSuspended(found.user)) {
      found = null;
    }
    return Optional.ofNullable(found).map(this::view);
  }

  /** The device with Tailscale IP {@code ip}, or (raw) node key, node id or host name; O(1). */
  private SimDevice byAddress(String ip, String raw) {
    SimDevice d = byAddress.get(ip);
    if (d == null) {
      d = byAddress.get(raw);
    }
    if (d == null) {
      d = devices.get(raw);
    }
    if (d == null) {
      d = byHostname.get(raw);
    }
    return d;
  }

  /**
   * A proxied connection's identity; closing it unregisters it (and never a later one at the same
   * ip:port).
   */
  public interface IdentityRegistration extends AutoCloseable {
    @Override
    void close();
  }

  /** Compared by identity, so that unregistering removes only its own registration. */
  private static final class ProxiedIdentity {
    final String peerIp;

    ProxiedIdentity(String peerIp) {
      this.peerIp = peerIp;
    }
  }

  /**
   * tailscaled's proxymap RegisterIPPortIdentity: while a peer's connection is forwarded to a local
   * backend, the outgoing connection's local {@code ipPort} (e.g. {@code 127.0.0.1:54321}) stands
   * for the peer's Tailscale IP {@code peerIp} in WhoIs.
   */
  public IdentityRegistration registerIPPortIdentity(String proto, String ipPort, String peerIp) {
    String key = proto + "|" + ipPort;
    ProxiedIdentity m = new ProxiedIdentity(peerIp);
    proxied.put(key, m);
    return () -> proxied.remove(key, m);
  }

  /**
   * The caps the seed's grants give {@code login}, concatenated per cap name in grant order. {@code
   * autogroup:member} matches members only, not the external owners of shared-in devices.
   */
  public Map<String, List<JsonNode>> capabilitiesFor(String login, List<String> tags) {
    Map<String, List<JsonNode>> caps = new LinkedHashMap<>();
    boolean member = login != null && !isExternal(login);
    for (SimSeed.CapabilityGrant g :
        seed.capabilities() == null ? List.<SimSeed.CapabilityGrant>of() : seed.capabilities()) {
      boolean matches =
          g.src().stream()
              .anyMatch(
                  s ->
                      tags.contains(s)
                          || (login != null
                              && (s.equals(login)
                                  || groupMembers.getOrDefault(s, Set.of()).contains(login)))
                          || (member && s.equals("autogroup:member")));
      if (matches) {
        g.app()
            .forEach(
                (cap, values) -> caps.computeIfAbsent(cap, k -> new ArrayList<>()).addAll(values));
      }
    }
    return caps;
  }

  public String displayName(String login) {
    SimSeed.User u = login == null ? null : seedUsers.get(login);
    return u == null ? login : u.displayName();
  }

  public long userId(String login) {
    return 5000L + Math.abs((long) login.hashCode() % 100000L);
  }

  public List<String> groupsOf(String login) {
    return List.copyOf(groupsByLogin.getOrDefault(login, List.of()));
  }

  // ---- Users and what an admin does to them (the changes behind Tailscale's events) ------------

  /** The tailnet's users now, in seed order (deleted users are gone). */
  public synchronized List<UserView> users() {
    List<UserView> out = new ArrayList<>(users.size());
    for (Member m : users.values()) {
      out.add(userView(m));
    }
    return out;
  }

  public synchronized Optional<UserView> user(String login) {
    return Optional.ofNullable(login == null ? null : users.get(login)).map(this::userView);
  }

  private UserView userView(Member m) {
    return new UserView(
        m.user.login(),
        m.user.displayName(),
        m.role,
        m.suspended ? "suspended" : "active",
        m.user.external());
  }

  /** Whether {@code login} is a user who is suspended now. */
  public synchronized boolean isSuspended(String login) {
    Member m = login == null ? null : users.get(login);
    return m != null && m.suspended;
  }

  /** The owner's login, if the tailnet has one. */
  public synchronized Optional<String> owner() {
    return users.values().stream()
        .filter(m -> m.role.equals("owner"))
        .map(m -> m.user.login())
        .findFirst();
  }

  /** A member of this tailnet that an admin may act on, or 400. */
  private Member member(String login) {
    if (login == null || login.isBlank()) {
      throw SimApiError.badRequest("user is required");
    }
    Member m = users.get(login);
    if (m == null) {
      throw SimApiError.badRequest("unknown user " + login);
    }
    if (m.user.external()) {
      throw SimApiError.badRequest(
          login + " is a user of another tailnet: only its own tailnet can change it");
    }
    return m;
  }

  /**
   * Deletes a user as an admin would: the user and every device they own are gone (tagged devices
   * they authenticated stay: tags own those). Returns the deleted devices. 400 for an unknown or
   * external user or the owner.
   */
  public synchronized List<SimDeviceView> deleteUser(String login) {
    Member m = member(login);
    if (m.role.equals("owner")) {
      throw SimApiError.badRequest(
          "the tailnet's owner cannot be deleted; transfer ownership first");
    }
    expireAttributes();
    List<SimDevice> owned =
        devices.values().stream().filter(d -> !d.isTagged() && login.equals(d.user)).toList();
    List<SimDeviceView> gone = new ArrayList<>();
    for (SimDevice d : owned) {
      gone.add(view(d));
      removeDevice(d);
    }
    users.remove(login);
    exposure.observe(login, "role", Set.of(), now());
    return gone;
  }

  /**
   * Suspends a user: their devices stay listed but cannot connect (WhoIs finds none of them). 400
   * for an unknown or external user, the owner, or one already suspended.
   */
  public synchronized void suspendUser(String login) {
    Member m = member(login);
    if (m.role.equals("owner")) {
      throw SimApiError.badRequest("the tailnet's owner cannot be suspended");
    }
    if (m.suspended) {
      throw SimApiError.badRequest(login + " is already suspended");
    }
    m.suspended = true;
  }

  /** Restores a suspended user (400 if not suspended). */
  public synchronized void restoreUser(String login) {
    Member m = member(login);
    if (!m.suspended) {
      throw SimApiError.badRequest(login + " is not suspended");
    }
    m.suspended = false;
  }

  /**
   * Changes a user's role and returns the old one. A tailnet has one owner, whose role changes only
   * by transferring ownership: neither becoming nor ceasing to be the owner is a role change.
   */
  public synchronized String setRole(String login, String role) {
    Member m = member(login);
    if (role == null || !ROLES.contains(role)) {
      throw SimApiError.badRequest("role must be one of " + String.join(", ", ROLES));
    }
    if (role.equals("owner") || m.role.equals("owner")) {
      throw SimApiError.badRequest(
          "the owner role moves only by transferring ownership, not by a role change");
    }
    if (role.equals(m.role)) {
      throw SimApiError.badRequest(login + " already has role " + role);
    }
    String old = m.role;
    m.role = role;
    observeRole(m);
    return old;
  }

  // ---- The users API (scope users) --------------------------------------------------------------

  /**
   * {@code GET /tailnet/{t}/users}: users of {@code type} member (default), shared or all, with
   * {@code role} (default all). 400 for a value the API does not know.
   */
  public synchronized List<Map<String, Object>> listUsers(Token by, String type, String role) {
    requireScope(by, "users", false);
    String t = type == null || type.isBlank() ? "member" : type;
    String r = role == null || role.isBlank() ? "all" : role;
    if (!List.of("member", "shared", "all").contains(t)) {
      throw SimApiError.badRequest("type must be member, shared or all");
    }
    if (!r.equals("all") && !ROLES.contains(r)) {
      throw SimApiError.badRequest("role must be all or one of " + String.join(", ", ROLES));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Member m : users.values()) {
      String mt = m.user.external() ? "shared" : "member";
      if ((t.equals("all") || t.equals(mt)) && (r.equals("all") || r.equals(m.role))) {
        out.add(userJson(m));
      }
    }
    return out;
  }

  /** {@code GET /users/{id}}; 404 "User not found." */
  public synchronized Map<String, Object> getUser(Token by, String userId) {
    requireScope(by, "users", false);
    return userJson(byUserId(userId));
  }

  /**
   * {@code POST /users/{id}/role}: the rules of {@link #setRole} (valid roles only, the owner
   * untouchable); asking for the role the user already has changes nothing.
   */
  public synchronized void setRoleByApi(Token by, String userId, String role) {
    requireScope(by, "users", true);
    Member m = byUserId(userId);
    if (role != null && role.equals(m.role) && !role.equals("owner")) {
      return;
    }
    setRole(m.user.login(), role);
  }

  private Member byUserId(String userId) {
    for (Member m : users.values()) {
      if (Long.toString(userId(m.user.login())).equals(userId)) {
        return m;
      }
    }
    throw new SimApiError(404, "User not found.");
  }

  private Map<String, Object> userJson(Member m) {
    String login = m.user.login();
    long deviceCount =
        devices.values().stream().filter(d -> !d.isTagged() && login.equals(d.user)).count();
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("id", Long.toString(userId(login)));
    u.put("displayName", m.user.displayName());
    u.put("loginName", login);
    u.put("profilePicUrl", "");
    u.put("tailnetId", seed.tailnet());
    u.put("created", "2026-01-01T00:00:00Z");
    u.put("type", m.user.external() ? "shared" : "member");
    u.put("role", m.role);
    u.put("status", m.suspended ? "suspended" : "active");
    u.put("deviceCount", deviceCount);
    u.put("lastSeen", now().toString());
    u.put("currentlyConnected", !m.suspended && deviceCount > 0);
    return u;
  }

  /**
   * Deletes a device (by node id, numeric id, host name or FQDN) and returns it; 404 if unknown.
   */
  public synchronized SimDeviceView deleteDevice(String idOrName) {
    expireAttributes();
    SimDevice d = find(idOrName);
    SimDeviceView v = view(d);
    removeDevice(d);
    return v;
  }

  private void removeDevice(SimDevice d) {
    devices.remove(d.nodeId);
    unindex(d);
    Instant now = now();
    exposure.observe(d.nodeId, "tag", Set.of(), now);
    exposure.observe(d.nodeId, "attribute", Set.of(), now);
  }

  /** The tailnet policy file's text (the sim keeps it as text and enforces nothing from it). */
  public synchronized String policy() {
    return policy;
  }

  /** Replaces the policy file's text and returns the old text. */
  public synchronized String setPolicy(String text) {
    String old = policy;
    policy = text;
    return old;
  }

  /** The seed's groups, tag owners and app-capability grants as a policy file (JSON). */
  private static String initialPolicy(SimSeed seed) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("groups", seed.groups());
    p.put("tagOwners", seed.tagOwners());
    List<Map<String, Object>> grants = new ArrayList<>();
    if (seed.capabilities() != null) {
      for (SimSeed.CapabilityGrant g : seed.capabilities()) {
        Map<String, Object> grant = new LinkedHashMap<>();
        grant.put("src", g.src());
        grant.put("dst", List.of("tag:tailgrant"));
        grant.put("app", g.app());
        grants.add(grant);
      }
    }
    p.put("grants", grants);
    try {
      return SimJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(p);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- The webhook endpoint the control plane delivers events to ----------------------------

  private volatile SimSeed.WebhookEndpoint webhookEndpoint;

  /** Sets where events go (400 for a URL that is not absolute http(s) or an empty secret). */
  public void setWebhookEndpoint(String url, String secret) {
    URI uri;
    try {
      uri = url == null ? null : new URI(url);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw SimApiError.badRequest("url must be an absolute http or https URL");
    }
    if (secret == null || secret.isEmpty()) {
      throw SimApiError.badRequest("secret is required");
    }
    webhookEndpoint = new SimSeed.WebhookEndpoint(url, secret);
  }

  public Optional<SimSeed.WebhookEndpoint> webhookEndpoint() {
    return Optional.ofNullable(webhookEndpoint);
  }

  public void clearWebhookEndpoint() {
    webhookEndpoint = null;
  }

  // ---- Hand edits (the admin console) ----------------------------------------------------------

  public synchronized void setTagsByHand(String deviceId, List<String> tags) {
    setTags(deviceId, tags, null);
  }

  private SimDeviceView view(SimDevice d) {
    Map<String, SimDeviceView.AttributeView> attrs = new LinkedHashMap<>();
    d.attributes.forEach(
        (k, a) -> attrs.put(k, new SimDeviceView.AttributeView(a.value(), a.expiry())));
    return new SimDeviceView(
        d.id,
        d.nodeId,
        d.hostname,
        d.fqdn,
        d.user,
        d.os,
        List.copyOf(d.tags),
        List.of(d.ipv4, d.ipv6),
        d.created,
        attrs,
        d.external,
        d.sharer,
        d.ephemeral);
  }
}
