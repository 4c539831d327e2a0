package io.tailgrant.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tailgrant.directory.GrantFilter;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.Refusal;
import io.tailgrant.identity.Caller;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The JSON API under {@code /api/v1}: each handler maps HTTP to one {@link GrantService} call. */
final class ApiRoutes {
  static final int RETRY_AFTER_SECONDS = 2;
  private final GrantService grants;
  private final boolean devMode;

  ApiRoutes(GrantService grants, boolean devMode) {
    this.grants = grants;
    this.devMode = devMode;
  }

  void register(RoutesConfig r) {
    r.get("/api/v1/me", this::me);
    r.get("/api/v1/grant-types", ctx -> ctx.json(grants.grantTypes(caller(ctx))));
    r.get(
        "/api/v1/targets",
        ctx ->
            ctx.json(
                grants.targets(caller(ctx), required(ctx.queryParam("grantType"), "grantType"))));
    r.post("/api/v1/grants", this::create);
    r.get("/api/v1/grants", this::list);
    r.get("/api/v1/grants/{id}", ctx -> ctx.json(grants.get(caller(ctx), ctx.pathParam("id"))));
    r.post(
        "/api/v1/grants/{id}/approve",
        ctx ->
            ctx.json(
                grants.approve(
                    caller(ctx),
                    ctx.pathParam("id"),
                    field(ctx, "comment"),
                    field(ctx, "duration"))));
    r.post(
        "/api/v1/grants/{id}/deny",
        ctx -> ctx.json(grants.deny(caller(ctx), ctx.pathParam("id"), field(ctx, "comment"))));
    r.post(
        "/api/v1/grants/{id}/revoke",
        ctx -> ctx.json(grants.revoke(caller(ctx), ctx.pathParam("id"), field(ctx, "reason"))));
    r.post(
        "/api/v1/grants/{id}/review",
        ctx ->
            ctx.json(
                grants.review(
                    caller(ctx),
                    ctx.pathParam("id"),
                    required(field(ctx, "decision"), "decision"),
                    field(ctx, "comment"))));
    r.post(
        "/api/v1/grants/{id}/extend",
        ctx ->
            ctx.json(
                grants.extend(
                    caller(ctx),
                    ctx.pathParam("id"),
                    required(field(ctx, "duration"), "duration"))));
    r.get("/api/v1/grants/{id}/kubeconfig", this::kubeconfig);
    r.get("/api/v1/grants/{id}/auth-key", this::authKey);
  }

  /** One page of a list: {@code view}, filters, {@code limit} and {@code pageToken} (README). */
  private void list(Context ctx) {
    GrantFilter filter = GrantFilter.parse(ctx::queryParam);
    int limit = GrantLists.limit(ctx.queryParam("limit"));
    ctx.json(
        grants.page(
            caller(ctx), ctx.queryParam("view"), filter, ctx.queryParam("pageToken"), limit));
  }

  /**
   * 200 {@code {"key","expiresAt"}} the first time only, or 202 + Retry-After while the grant waits
   * for approval or activation.
   */
  private void authKey(Context ctx) {
    String id = ctx.pathParam("id");
    Optional<AuthKeyFile> issued = grants.authKey(caller(ctx), id);
    if (issued.isEmpty()) {
      notReady(ctx, id);
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("key", issued.get().key());
    body.put("expiresAt", issued.get().expiresAt().toString());
    // A credential: never cached anywhere on its way.
    ctx.header("Cache-Control", "no-store").status(200).json(body);
  }

  /**
   * 200 with the kubeconfig, or 202 + Retry-After while the grant waits for approval or activation.
   */
  private void kubeconfig(Context ctx) {
    String id = ctx.pathParam("id");
    Optional<KubeconfigFile> issued = grants.kubeconfig(caller(ctx), id);
    if (issued.isEmpty()) {
      notReady(ctx, id);
      return;
    }
    ctx.header("Content-Disposition", "attachment; filename=\"tailgrant-" + id + ".yaml\"");
    sendKubeconfig(ctx, issued.get(), true);
  }

  /** 202 + Retry-After: the grant's credential is there once it is active. */
  private static void notReady(Context ctx, String id) {
    ctx.status(202)
        .header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS))
        .json(
            Map.of(
                "status",
                "not_ready",
                "message",
                "grant " + id + " is not active yet; ask again shortly"));
  }

  /** A credential: never cached, and its token's expiry in a header for scripts. */
  static void sendKubeconfig(Context ctx, KubeconfigFile kubeconfig, boolean yaml) {
    ctx.header("Cache-Control", "no-store")
        .header("X-TailGrant-Token-Expires", kubeconfig.tokenExpiresAt().toString());
    if (yaml) {
      ctx.status(200).contentType("application/yaml").result(kubeconfig.yaml());
    } else {
      ctx.status(200).json(Kubeconfig.asJson(kubeconfig.yaml()));
    }
  }

  private void me(Context ctx) {
    Caller c = caller(ctx);
    Map<String, Object> me = new LinkedHashMap<>();
    me.put("login", c.login());
    me.put("displayName", c.displayName());
    me.put("device", Map.of("nodeId", c.nodeId(), "name", c.deviceName()));
    me.put("admin", grants.isAdmin(c));
    me.put("devMode", devMode);
    ctx.json(me);
  }

  private void create(Context ctx) {
    NewGrantRequest body = parse(ctx, NewGrantRequest.class);
    GrantView view = grants.request(caller(ctx), body);
    ctx.status(202).header("Location", "/api/v1/grants/" + view.id()).json(view);
  }

  static Caller caller(Context ctx) {
    return ctx.attribute(TailGrantServer.CALLER);
  }

  private static String required(String value, String name) {
    if (value == null || value.isBlank()) {
      throw Refusal.badRequest("missing_field", name + " is required");
    }
    return value;
  }

  /** One optional string field of a JSON object body; an empty body means none. */
  private static String field(Context ctx, String name) {
    if (ctx.body().isBlank()) {
      return null;
    }
    JsonNode node = parse(ctx, JsonNode.class);
    if (!node.isObject()) {
      throw Refusal.badRequest("bad_json", "the body must be a JSON object");
    }
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static <T> T parse(Context ctx, Class<T> type) {
    try {
      return ApiJson.MAPPER.readValue(ctx.body(), type);
    } catch (Exception e) {
      throw Refusal.badRequest(
          "bad_json", "the body is not valid JSON for this call: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
