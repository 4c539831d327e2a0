package io.tailgrant.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The users and auth-keys parts of the Tailscale API v2, with Tailscale's status codes and bodies:
 * list and read users ({@code users:read}), change a role ({@code users}), and create, list, read
 * and delete auth keys ({@code auth_keys}).
 */
final class UsersAndKeysRoutes {
  private final TailnetState state;
  private final TailscaleApiRoutes api;

  UsersAndKeysRoutes(TailnetState state, TailscaleApiRoutes api) {
    this.state = state;
    this.api = api;
  }

  void register(RoutesConfig r) {
    r.get(
        "/api/v2/tailnet/{tailnet}/users",
        ctx -> {
          TailnetState.Token t = api.auth(ctx);
          requireTailnet(ctx);
          ctx.json(
              Map.of("users", state.listUsers(t, ctx.queryParam("type"), ctx.queryParam("role"))));
        });
    r.get(
        "/api/v2/users/{userId}",
        ctx -> ctx.json(state.getUser(api.auth(ctx), ctx.pathParam("userId"))));
    r.post("/api/v2/users/{userId}/role", this::setRole);
    r.post(
        "/api/v2/tailnet/{tailnet}/keys",
        ctx -> {
          TailnetState.Token t = api.auth(ctx);
          requireTailnet(ctx);
          ctx.json(state.createAuthKey(t, TailscaleApiRoutes.body(ctx)));
        });
    r.get(
        "/api/v2/tailnet/{tailnet}/keys",
        ctx -> {
          TailnetState.Token t = api.auth(ctx);
          requireTailnet(ctx);
          ctx.json(Map.of("keys", state.listAuthKeys(t, "true".equals(ctx.queryParam("all")))));
        });
    r.get(
        "/api/v2/tailnet/{tailnet}/keys/{keyId}",
        ctx -> {
          TailnetState.Token t = api.auth(ctx);
          requireTailnet(ctx);
          ctx.json(state.getAuthKey(t, ctx.pathParam("keyId")));
        });
    r.delete(
        "/api/v2/tailnet/{tailnet}/keys/{keyId}",
        ctx -> {
          TailnetState.Token t = api.auth(ctx);
          requireTailnet(ctx);
          state.deleteAuthKey(t, ctx.pathParam("keyId"));
          ctx.status(200);
        });
  }

  /** 200 with no body; 400 for a role that is not one, or the owner's; 404 "User not found." */
  private void setRole(Context ctx) {
    TailnetState.Token t = api.auth(ctx);
    JsonNode body = TailscaleApiRoutes.body(ctx);
    JsonNode role = body == null ? null : body.get("role");
    state.setRoleByApi(
        t, ctx.pathParam("userId"), role != null && role.isTextual() ? role.textValue() : null);
    ctx.status(200);
  }

  private void requireTailnet(Context ctx) {
    String tailnet = ctx.pathParam("tailnet");
    if (!tailnet.equals("-") && !tailnet.equals(state.seed().tailnet())) {
      throw SimApiError.notFound("tailnet");
    }
  }
}
