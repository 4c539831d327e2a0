package io.tailgrant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Canned answers shaped like the server's JSON API ({@code GrantView}, {@code GrantSummary},
 * refusals).
 */
final class FakeApi {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String EXPIRES = "2026-03-01T11:00:00Z";
  static final String KUBECONFIG =
      """
      apiVersion: v1
      kind: Config
      clusters:
      - name: dev
        cluster:
          server: http://127.0.0.1:6443
      users:
      - name: tailgrant-%1$s
        user:
          token: sim.%2$s
      contexts:
      - name: dev
        context:
          cluster: dev
          user: tailgrant-%1$s
          namespace: default
      current-context: dev
      """;

  private FakeApi() {}

  /** A grant as {@code GET /api/v1/grants/{id}} shows it. */
  static ObjectNode grant(String id, String type, String kind, String status) {
    ObjectNode g = JSON.createObjectNode();
    g.put("id", id)
        .put("grantType", type)
        .put("kind", kind)
        .put("risk", "low")
        .put("requester", "alice@example.com")
        .put("requesterDevice", "alice-laptop");
    g.putObject("target")
        .put("nodeId", "cluster/dev")
        .put("name", "dev")
        .putNull("owner")
        .putArray("tags");
    g.put("status", status).put("reason", "test").put("duration", "PT1H");
    g.putArray("approvers");
    g.put("requestedAt", "2026-03-01T10:00:00Z");
    if (status.equals("active")) {
      g.put("activatedAt", "2026-03-01T10:00:01Z").put("expiresAt", EXPIRES);
    } else {
      g.putNull("activatedAt").putNull("expiresAt");
    }
    g.putNull("endedAt");
    g.putArray("approvals");
    ArrayNode timeline = g.putArray("timeline");
    timeline
        .addObject()
        .put("seq", 1)
        .put("at", "2026-03-01T10:00:00Z")
        .put("actor", "alice@example.com")
        .put("action", "requested")
        .put("detail", "test");
    g.putNull("failure");
    g.putNull("kubernetes");
    return g;
  }

  /** A grant as lists ({@code GET /api/v1/grants?view=...}) show it: a {@code GrantSummary}. */
  static ObjectNode summary(
      String id, String type, String status, String target, String expiresAt) {
    ObjectNode g =
        JSON.createObjectNode()
            .put("id", id)
            .put("grantType", type)
            .put("kind", "kubernetes")
            .put("risk", "low")
            .put("requester", "alice@example.com")
            .put("targetNodeId", "cluster/" + target)
            .put("targetName", target)
            .put("status", status);
    g.putArray("tags");
    g.putNull("attributeKey");
    g.putArray("approvers");
    g.putArray("admins").add("carol@example.com");
    g.put("reason", "test").put("requestedAt", "2026-03-01T10:00:00Z");
    if (expiresAt == null) {
      g.putNull("activatedAt").putNull("expiresAt");
    } else {
      g.put("activatedAt", "2026-03-01T10:00:01Z").put("expiresAt", expiresAt);
    }
    g.putNull("endedAt").put("version", 3);
    return g;
  }

  /** A grant type as {@code GET /api/v1/grant-types} shows it: a {@code GrantTypeInfo}. */
  static ObjectNode grantType(
      String name,
      String kind,
      String risk,
      String max,
      boolean reasonRequired,
      String... approvers) {
    ObjectNode t =
        JSON.createObjectNode()
            .put("name", name)
            .put("description", "Access to " + name)
            .put("kind", kind)
            .put("risk", risk);
    ObjectNode target = t.putObject("target").put("rule", "cluster");
    target.putArray("tags");
    target.putArray("clusters").add("dev");
    t.put("minDuration", "5m").put("maxDuration", max).put("defaultDuration", "1h");
    ArrayNode a = t.putArray("approvers");
    for (String approver : approvers) {
      a.add(approver);
    }
    t.put("reasonRequired", reasonRequired);
    return t;
  }

  /** {@code GET /api/v1/me}. */
  static ObjectNode me(String login, String device, boolean admin) {
    ObjectNode me = JSON.createObjectNode().put("login", login).put("displayName", "Alice Smith");
    me.putObject("device").put("nodeId", "n-" + device).put("name", device);
    return me.put("admin", admin).put("devMode", false);
  }

  static ObjectNode pendingApproval(String id, String type) {
    ObjectNode g = grant(id, type, "kubernetes", "pending_approval").put("risk", "high");
    g.withArray("approvers").add("bob@example.com").add("erin@example.com");
    return g;
  }

  static ObjectNode denied(String id, String type, String by, String comment) {
    ObjectNode g =
        pendingApproval(id, type).put("status", "denied").put("endedAt", "2026-03-01T10:00:05Z");
    g.withArray("timeline")
        .addObject()
        .put("seq", 2)
        .put("at", "2026-03-01T10:00:05Z")
        .put("actor", by)
        .put("action", "denied")
        .put("detail", comment);
    return g;
  }

  /** An empty page of a list ({@code GET /api/v1/grants}). */
  static final String EMPTY_PAGE = "{\"grants\":[]}";

  /** A page of a list holding {@code grants}, the last one (no token). */
  static ObjectNode page(ArrayNode grants) {
    ObjectNode p = JSON.createObjectNode();
    p.set("grants", grants);
    return p;
  }

  static MockResponse json(int code, JsonNode body) {
    return json(code, body.toString());
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /** A refusal as the server sends one: {@code {"error": code, "message": message}}. */
  static MockResponse refusal(int status, String code, String message) {
    return json(status, JSON.createObjectNode().put("error", code).put("message", message));
  }

  static MockResponse kubeconfig(String id, String token) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/yaml")
        .addHeader("Cache-Control", "no-store")
        .body(KUBECONFIG.formatted(id, token))
        .build();
  }

  static MockResponse notReady(String id, int retryAfter) {
    return new MockResponse.Builder()
        .code(202)
        .addHeader("Content-Type", "application/json")
        .addHeader("Retry-After", String.valueOf(retryAfter))
        .body(
            "{\"status\":\"not_ready\",\"message\":\"grant "
                + id
                + " is not active yet; ask again shortly\"}")
        .build();
  }

  static RecordedRequest take(mockwebserver3.MockWebServer server) throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("the CLI sent no (further) request");
    }
    return r;
  }

  static JsonNode body(RecordedRequest r) throws IOException {
    return JSON.readTree(r.getBody() == null ? "" : r.getBody().utf8());
  }
}
