package io.tailgrant.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dev-only control routes: look at devices, change them by hand as an admin would in the admin
 * console, count API calls, and inject faults. They take no credential: the simulator is dev-only.
 */
final class SimControlRoutes {
  private final TailnetState state;
  private final CallCounter calls;
  private final FaultInjector faults;
  private final SimForwards forwards;

  SimControlRoutes(
      TailnetState state, CallCounter calls, FaultInjector faults, SimForwards forwards) {
    this.state = state;
    this.calls = calls;
    this.faults = faults;
    this.forwards = forwards;
  }

  void register(RoutesConfig r) {
    r.get(
        "/sim/devices",
        ctx -> ctx.json(state.devices().stream().map(SimControlRoutes::json).toList()));
    r.get("/sim/devices/{nodeId}", ctx -> ctx.json(json(state.device(ctx.pathParam("nodeId")))));
    r.post("/sim/devices/{nodeId}/tags", this::setTags);
    r.delete(
        "/sim/devices/{nodeId}/attributes/{key}",
        ctx -> {
          state.deleteAttribute(ctx.pathParam("nodeId"), ctx.pathParam("key"));
          ctx.json(json(state.device(ctx.pathParam("nodeId"))));
        });
    // A device joins with an auth key, as `tailscale up --auth-key=KEY --hostname=NAME` would.
    r.post("/sim/join", this::join);
    // Its tailscaled goes away: an ephemeral device leaves the tailnet, others stay listed.
    r.post(
        "/sim/devices/{nodeId}/disconnect",
        ctx ->
            ctx.json(
                Map.of(
                    "nodeId",
                    ctx.pathParam("nodeId"),
                    "removed",
                    state.disconnect(ctx.pathParam("nodeId")))));
    r.get("/sim/calls", ctx -> ctx.json(calls.snapshot()));
    // The tailnet's users with their role and status (POST /sim/events changes them).
    r.get("/sim/users", ctx -> ctx.json(state.users()));
    // As deleting the OAuth client in the admin console: its secret and every token stop working.
    r.post(
        "/sim/oauth-clients/{id}/revoke",
        ctx -> {
          state.revokeClient(ctx.pathParam("id"));
          ctx.status(204);
        });
    r.post(
        "/sim/oauth-clients/{id}/restore",
        ctx -> {
          state.restoreClient(ctx.pathParam("id"));
          ctx.status(204);
        });
    r.get(
        "/sim/exposure",
        ctx -> {
          state.expireAll(); // lets expired attributes and keys close their intervals first
          ctx.json(state.exposure().intervals());
        });
    r.post(
        "/sim/faults",
        ctx -> {
          faults.set(parse(ctx, FaultInjector.Faults.class));
          ctx.json(faults.current());
        });
    r.delete(
        "/sim/faults",
        ctx -> {
          faults.clear();
          ctx.json(faults.current());
        });
    // The LocalAPI node's ipn.State, as `tailscale down` or a logout would change it.
    r.post(
        "/sim/localapi/state",
        ctx -> {
          JsonNode body = parse(ctx, JsonNode.class);
          JsonNode s = body == null ? null : body.get("state");
          state.setBackendState(s != null && s.isTextual() ? s.textValue() : null);
          ctx.json(Map.of("state", state.backendState()));
        });
    // A peer's connection to this node's Tailscale IP, forwarded as in userspace networking.
    r.post("/sim/forwards", this::openForward);
    r.delete(
        "/sim/forwards/{port}",
        ctx -> {
          forwards.stop(port(ctx.pathParam("port")));
          ctx.status(204);
        });
  }

  private void setTags(Context ctx) {
    JsonNode body = parse(ctx, JsonNode.class);
    if (body == null || !body.has("tags") || !body.get("tags").isArray()) {
      throw SimApiError.badRequest("body must be {\"tags\":[...]}");
    }
    List<String> tags = new ArrayList<>();
    body.get("tags").forEach(n -> tags.add(n.asText()));
    state.setTagsByHand(ctx.pathParam("nodeId"), tags);
    ctx.json(json(state.device(ctx.pathParam("nodeId"))));
  }

  private void join(Context ctx) {
    JsonNode body = parse(ctx, JsonNode.class);
    JsonNode key = body == null ? null : body.get("key");
    JsonNode hostname = body == null ? null : body.get("hostname");
    if (key == null || !key.isTextual() || hostname == null || !hostname.isTextual()) {
      throw SimApiError.badRequest(
          "body must be {\"key\":\"tskey-auth-...\",\"hostname\":\"...\"}");
    }
    ctx.json(json(state.join(key.textValue(), hostname.textValue())));
  }

  private void openForward(Context ctx) {
    JsonNode body = parse(ctx, JsonNode.class);
    JsonNode device = body == null ? null : body.path("device");
    JsonNode toPort = body == null ? null : body.path("toPort");
    if (device == null || !device.isTextual() || !toPort.isIntegralNumber()) {
      throw SimApiError.badRequest(
          "body must be {\"device\":\"<host name or node id>\",\"toPort\":<1-65535>}");
    }
    int port = forwards.open(device.textValue(), toPort.canConvertToInt() ? toPort.intValue() : -1);
    ctx.json(Map.of("port", port));
  }

  private static int port(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw SimApiError.badRequest("port must be a number");
    }
  }

  static <T> T parse(Context ctx, Class<T> type) {
    try {
      String body = ctx.body();
      return SimJson.MAPPER.readValue(body.isBlank() ? "{}" : body, type);
    } catch (Exception e) {
      throw SimApiError.badRequest("invalid JSON body: " + e.getMessage());
    }
  }

  static Map<String, Object> json(SimDeviceView d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nodeId", d.nodeId());
    m.put("name", d.hostname());
    m.put("user", d.isTagged() ? null : d.user());
    m.put("tags", d.tags());
    m.put("ephemeral", d.ephemeral());
    m.put("addresses", d.addresses());
    Map<String, Object> attrs = new LinkedHashMap<>();
    d.attributes()
        .forEach(
            (k, a) -> {
              Map<String, Object> v = new LinkedHashMap<>();
              v.put("value", a.value());
              v.put("expiry", a.expiry() == null ? null : a.expiry().toString());
              attrs.put(k, v);
            });
    m.put("postureAttributes", attrs);
    return m;
  }
}
