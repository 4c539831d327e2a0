package io.tailgrant.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.security.BasicAuthCredentials;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parts of the Tailscale API v2 that TailGrant uses, with Tailscale's status codes and bodies.
 */
final class TailscaleApiRoutes {
  private final TailnetState state;

  TailscaleApiRoutes(TailnetState state) {
    this.state = state;
  }

  void register(RoutesConfig r) {
    r.post("/api/v2/oauth/token", this::token);
    r.get("/api/v2/tailnet/{tailnet}/devices", this::listDevices);
    r.get("/api/v2/device/{deviceId}", this::getDevice);
    r.post("/api/v2/device/{deviceId}/tags", this::setTags);
    r.get("/api/v2/device/{deviceId}/attributes", this::getAttributes);
    r.post("/api/v2/device/{deviceId}/attributes/{attributeKey}", this::setAttribute);
    r.delete("/api/v2/device/{deviceId}/attributes/{attributeKey}", this::deleteAttribute);
    r.delete(
        "/api/v2/device/{deviceId}",
        ctx -> {
          TailnetState.Token t = auth(ctx);
          TailnetState.requireScope(t, "devices:core", true);
          state.deleteDeviceByApi(ctx.pathParam("deviceId"));
          ctx.status(200);
        });
  }

  /** Client credentials by HTTP Basic or by form fields, as Go's clientcredentials tries both. */
  private void token(Context ctx) {
    String id = ctx.formParam("client_id");
    String secret = ctx.formParam("client_secret");
    String auth = ctx.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      BasicAuthCredentials basic = ctx.basicAuthCredentials();
      if (basic != null) {
        id = basic.getUsername();
        secret = basic.getPassword();
      }
    }
    if (secret == null || secret.isBlank()) {
      throw SimApiError.unauthorized();
    }
    ctx.json(state.issueToken(id, secret, ctx.formParam("scope")));
  }

  TailnetState.Token auth(Context ctx) {
    String h = ctx.header("Authorization");
    if (h == null) {
      throw SimApiError.unauthorized();
    }
    if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return state.authenticate(h.substring(7).trim());
    }
    if (h.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()));
        int colon = decoded.indexOf(':');
        return state.authenticate(colon < 0 ? decoded : decoded.substring(0, colon));
      } catch (IllegalArgumentException e) {
        throw SimApiError.unauthorized();
      }
    }
    throw SimApiError.unauthorized();
  }

  private void listDevices(Context ctx) {
    TailnetState.requireScope(auth(ctx), "devices:core", false);
    String tailnet = ctx.pathParam("tailnet");
    if (!tailnet.equals("-") && !tailnet.equals(state.seed().tailnet())) {
      throw SimApiError.notFound("tailnet");
    }
    boolean all = "all".equals(ctx.queryParam("fields"));
    Map<String, List<String>> params = ctx.queryParamMap();
    boolean filtered = params.keySet().stream().anyMatch(k -> !k.equals("fields"));
    List<SimDeviceView> devices = state.devices();
    // The same bytes ctx.json(Map.of("devices", list)) writes, from each device's cached JSON.
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + devices.size() * 900);
    out.writeBytes(DEVICES_OPEN);
    boolean first = true;
    for (SimDeviceView d : devices) {
      if (filtered && !matchesFilters(deviceJson(d, all), params)) {
        continue;
      }
      if (!first) {
        out.write(',');
      }
      first = false;
      out.writeBytes(deviceBytes(d, all));
    }
    out.writeBytes(DEVICES_CLOSE);
    if (!filtered) {
      forgetDeletedDevices(devices);
    }
    ctx.contentType(ContentType.APPLICATION_JSON).result(out.toByteArray());
  }

  private static final byte[] DEVICES_OPEN = "{\"devices\":[".getBytes(StandardCharsets.UTF_8);
  private static final byte[] DEVICES_CLOSE = "]}".getBytes(StandardCharsets.UTF_8);

  /**
   * A device's serialized JSON. {@link #deviceJson} shows only fields fixed at creation plus the
   * tags, so the bytes are reused until the tags change: a 10,000-device list is then a copy, not
   * 10,000 serialisations.
   */
  private record CachedJson(long id, List<String> tags, byte[] json) {}

  private final Map<String, CachedJson> cachedJson = new ConcurrentHashMap<>();
  private final Map<String, CachedJson> cachedJsonAll = new ConcurrentHashMap<>();

  private byte[] deviceBytes(SimDeviceView d, boolean all) {
    Map<String, CachedJson> cache = all ? cachedJsonAll : cachedJson;
    CachedJson c = cache.get(d.nodeId());
    if (c == null || c.id() != d.id() || !c.tags().equals(d.tags())) {
      c = new CachedJson(d.id(), d.tags(), SimJson.plainBytes(deviceJson(d, all)));
      cache.put(d.nodeId(), c);
    }
    return c.json();
  }

  /**
   * Serialises every device once now, so the first device list after start (a worker's first
   * inventory or reconciliation) is served from the cache like the ones after it.
   */
  void warmDeviceJson() {
    for (SimDeviceView d : state.devices()) {
      deviceBytes(d, false);
    }
  }

  /** Drops the cached JSON of devices no longer in the tailnet. */
  private void forgetDeletedDevices(List<SimDeviceView> devices) {
    if (cachedJson.size() + cachedJsonAll.size() > 2 * devices.size()) {
      Set<String> live = new HashSet<>();
      devices.forEach(d -> live.add(d.nodeId()));
      cachedJson.keySet().retainAll(live);
      cachedJsonAll.keySet().retainAll(live);
    }
  }

  /** Exact-match filters on top-level fields; a repeated key must match every value. */
  private static boolean matchesFilters(
      Map<String, Object> device, Map<String, List<String>> params) {
    for (var e : params.entrySet()) {
      if (e.getKey().equals("fields")) {
        continue;
      }
      Object field = device.get(e.getKey());
      for (String wanted : e.getValue()) {
        boolean ok =
            field instanceof List<?> list
                ? list.contains(wanted)
                : field != null && String.valueOf(field).equals(wanted);
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  private void getDevice(Context ctx) {
    TailnetState.requireScope(auth(ctx), "devices:core", false);
    SimDeviceView d = state.device(ctx.pathParam("deviceId"));
    ctx.contentType(ContentType.APPLICATION_JSON)
        .result(deviceBytes(d, "all".equals(ctx.queryParam("fields"))));
  }

  private void setTags(Context ctx) {
    TailnetState.Token t = auth(ctx);
    TailnetState.requireScope(t, "devices:core", true);
    JsonNode body = body(ctx);
    if (body == null || !body.has("tags") || !body.get("tags").isArray()) {
      throw SimApiError.badRequest("body must be {\"tags\":[...]}");
    }
    List<String> tags = new ArrayList<>();
    body.get("tags").forEach(n -> tags.add(n.asText()));
    state.setTags(ctx.pathParam("deviceId"), tags, t);
    ctx.json(Map.of());
  }

  private void getAttributes(Context ctx) {
    TailnetState.requireScope(auth(ctx), "devices:posture_attributes", false);
    ctx.json(state.attributes(ctx.pathParam("deviceId")));
  }

  private void setAttribute(Context ctx) {
    TailnetState.requireScope(auth(ctx), "devices:posture_attributes", true);
    state.setAttribute(ctx.pathParam("deviceId"), ctx.pathParam("attributeKey"), body(ctx));
    ctx.json(Map.of());
  }

  private void deleteAttribute(Context ctx) {
    TailnetState.requireScope(auth(ctx), "devices:posture_attributes", true);
    state.deleteAttribute(ctx.pathParam("deviceId"), ctx.pathParam("attributeKey"));
    ctx.status(200);
  }

  static JsonNode body(Context ctx) {
    try {
      return SimJson.MAPPER.readTree(ctx.body());
    } catch (Exception e) {
      throw SimApiError.badRequest("invalid JSON body");
    }
  }

  /**
   * Field names and presence as the real API: bare addresses, FQDN without a trailing dot, tags
   * only when tagged.
   */
  static Map<String, Object> deviceJson(SimDeviceView d, boolean all) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("addresses", d.addresses());
    m.put("id", Long.toString(d.id()));
    m.put("nodeId", d.nodeId());
    m.put("user", d.user());
    m.put("name", d.fqdn());
    m.put("hostname", d.hostname());
    // Shared-in devices belong to another tailnet: the fields that tailnet keeps to itself are
    // empty.
    m.put("clientVersion", d.external() ? "" : TailnetState.TAILSCALE_VERSION);
    m.put("updateAvailable", false);
    m.put("os", d.os());
    m.put("created", d.external() ? "" : d.created().toString());
    m.put("connectedToControl", true);
    m.put("keyExpiryDisabled", d.isTagged());
    m.put(
        "expires",
        d.isTagged() ? "0001-01-01T00:00:00Z" : d.created().plusSeconds(180L * 86400).toString());
    m.put("authorized", true);
    m.put("isExternal", d.external());
    m.put("isEphemeral", d.ephemeral());
    m.put("machineKey", d.external() ? "" : "mkey:" + d.nodeId().toLowerCase());
    m.put("nodeKey", "nodekey:" + d.nodeId().toLowerCase());
    m.put("blocksIncomingConnections", false);
    if (d.isTagged()) {
      m.put("tags", d.tags());
    }
    m.put("tailnetLockKey", "tlpub:" + d.nodeId().toLowerCase());
    m.put("tailnetLockError", "");
    if (all) {
      m.put("enabledRoutes", List.of());
      m.put("advertisedRoutes", List.of());
      Map<String, Object> connectivity = new LinkedHashMap<>();
      connectivity.put("endpoints", List.of());
      connectivity.put("derp", "");
      connectivity.put("mappingVariesByDestIP", false);
      m.put("clientConnectivity", connectivity);
      m.put("postureIdentity", Map.of("disabled", true));
    }
    return m;
  }
}
