package io.tailgrant.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tailscale's control-plane events and their webhook deliveries. {@code POST /sim/events} makes a
 * change as an admin would in the console (delete, suspend or restore a user, change a role, delete
 * a node, edit the policy file), then delivers the event Tailscale would send to the configured
 * endpoint: a JSON array of events, signed with {@code Tailscale-Webhook-Signature: t=<unix
 * seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>} as tailscale/tailscale's
 * docs/webhooks/example.go verifies it.
 */
final class TailscaleEvents {
  static final String SIGNATURE_HEADER = "Tailscale-Webhook-Signature";
  static final List<String> TYPES =
      List.of(
          "userDeleted",
          "userSuspended",
          "userRestored",
          "userRoleUpdated",
          "nodeDeleted",
          "policyUpdate");

  private static final String ADMIN_CONSOLE = "https://login.tailscale.com/admin";
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);

  private final TailnetState state;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with plain-http receivers
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  TailscaleEvents(TailnetState state) {
    this.state = state;
  }

  void register(RoutesConfig r) {
    r.post("/sim/events", this::event);
    r.get("/sim/webhook-endpoint", ctx -> ctx.json(endpointJson()));
    r.post(
        "/sim/webhook-endpoint",
        ctx -> {
          JsonNode body = SimControlRoutes.parse(ctx, JsonNode.class);
          state.setWebhookEndpoint(text(body, "url"), text(body, "secret"));
          ctx.json(endpointJson());
        });
    r.delete(
        "/sim/webhook-endpoint",
        ctx -> {
          state.clearWebhookEndpoint();
          ctx.status(204);
        });
  }

  /** The endpoint's URL; never its secret (Tailscale shows a secret only when it is made). */
  private Map<String, Object> endpointJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("url", state.webhookEndpoint().map(SimSeed.WebhookEndpoint::url).orElse(null));
    return m;
  }

  private void event(Context ctx) {
    JsonNode body = SimControlRoutes.parse(ctx, JsonNode.class);
    String type = text(body, "type");
    if (type == null || !TYPES.contains(type)) {
      throw SimApiError.badRequest("type must be one of " + String.join(", ", TYPES));
    }
    Map<String, Object> event = apply(type, body);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("event", event);
    answer.put("delivery", deliver(List.of(event)));
    ctx.json(answer);
  }

  /** Makes the change (or refuses it with 400, changing nothing) and returns its event. */
  private Map<String, Object> apply(String type, JsonNode body) {
    String actor = text(body, "actor");
    if (actor == null) {
      actor = state.owner().orElse("admin@" + state.seed().tailnet());
    }
    String user = text(body, "user");
    Map<String, Object> data = new LinkedHashMap<>();
    String message;
    switch (type) {
      case "userDeleted" -> {
        state.deleteUser(user);
        userData(data, user, actor);
        message = "User " + user + " deleted by " + actor;
      }
      case "userSuspended" -> {
        state.suspendUser(user);
        userData(data, user, actor);
        message = "User " + user + " suspended by " + actor;
      }
      case "userRestored" -> {
        state.restoreUser(user);
        userData(data, user, actor);
        message = "User " + user + " restored by " + actor;
      }
      case "userRoleUpdated" -> {
        String role = text(body, "role");
        String old = state.setRole(user, role);
        userData(data, user, actor);
        data.put("oldRoles", List.of(old));
        data.put("newRoles", List.of(role));
        message = "Role of user " + user + " changed from " + old + " to " + role + " by " + actor;
      }
      case "nodeDeleted" -> {
        String node = text(body, "node");
        if (node == null) {
          throw SimApiError.badRequest("node is required (a host name or node id)");
        }
        SimDeviceView d;
        try {
          d = state.deleteDevice(node);
        } catch (SimApiError e) {
          throw SimApiError.badRequest("unknown node " + node);
        }
        data.put("nodeID", d.nodeId());
        data.put("deviceName", d.fqdn());
        data.put("managedBy", d.isTagged() ? String.join(",", d.tags()) : d.user());
        data.put("url", ADMIN_CONSOLE + "/machines/" + d.addresses().get(0));
        data.put("actor", actor);
        message = "Node " + d.fqdn() + " deleted by " + actor;
      }
      case "policyUpdate" -> {
        JsonNode p = body.get("policy");
        String newPolicy;
        if (p == null || p.isNull()) {
          newPolicy = state.policy();
        } else if (p.isTextual()) {
          newPolicy = p.textValue();
        } else if (p.isObject()) {
          newPolicy = p.toPrettyString();
        } else {
          throw SimApiError.badRequest("policy must be the policy file's text or a JSON object");
        }
        String oldPolicy = state.setPolicy(newPolicy);
        data.put("url", ADMIN_CONSOLE + "/acls/file");
        data.put("actor", actor);
        data.put("oldPolicy", oldPolicy);
        data.put("newPolicy", newPolicy);
        message = "Tailnet policy file updated by " + actor;
      }
      default -> throw new IllegalStateException(type);
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("timestamp", state.now().toString());
    event.put("version", 1);
    event.put("type", type);
    event.put("tailnet", state.seed().tailnet());
    event.put("message", message);
    event.put("data", data);
    return event;
  }

  private static void userData(Map<String, Object> data, String user, String actor) {
    data.put("user", user);
    data.put("url", ADMIN_CONSOLE + "/users");
    data.put("actor", actor);
  }

  /**
   * POSTs the events to the endpoint as one signed delivery; the endpoint's status, or why none
   * came back.
   */
  private Map<String, Object> deliver(List<Map<String, Object>> events) {
    Map<String, Object> delivery = new LinkedHashMap<>();
    delivery.put("status", null);
    delivery.put("error", null);
    SimSeed.WebhookEndpoint endpoint = state.webhookEndpoint().orElse(null);
    if (endpoint == null) {
      delivery.put("error", "no webhook endpoint configured (POST /sim/webhook-endpoint)");
      return delivery;
    }
    byte[] body;
    try {
      body = SimJson.MAPPER.writeValueAsBytes(events);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(endpoint.url()))
            .timeout(DELIVERY_TIMEOUT)
            .header("Content-Type", "application/json")
            .header(SIGNATURE_HEADER, signature(endpoint.secret(), state.now(), body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
      delivery.put("status", r.statusCode());
    } catch (HttpTimeoutException e) {
      delivery.put("error", "timed out after " + DELIVERY_TIMEOUT.toSeconds() + " s");
    } catch (IOException e) {
      delivery.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      delivery.put("error", "interrupted");
    }
    return delivery;
  }

  /** {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>}. */
  static String signature(String secret, Instant at, byte[] body) {
    String t = Long.toString(at.getEpochSecond());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
      return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body == null ? null : body.get(field);
    return n != null && n.isTextual() && !n.textValue().isBlank() ? n.textValue() : null;
  }
}
