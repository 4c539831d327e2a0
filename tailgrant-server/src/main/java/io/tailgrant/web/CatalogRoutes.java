package io.tailgrant.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tailgrant.catalog.CatalogAction;
import io.tailgrant.catalog.CatalogEntry;
import io.tailgrant.grant.Refusal;
import io.tailgrant.identity.Caller;

/**
 * Admins manage grant types live over the JSON API: {@code GET /api/v1/catalog}, {@code POST
 * /api/v1/grant-types} (a definition as JSON, or YAML with a YAML content type), {@code GET|PUT|
 * DELETE /api/v1/grant-types/{name}} (DELETE retires) and {@code POST
 * /api/v1/grant-types/{name}/rollback} with {@code {"version": N}} (0: the config file's).
 */
final class CatalogRoutes {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final GrantService grants;

  CatalogRoutes(GrantService grants) {
    this.grants = grants;
  }

  void register(RoutesConfig r) {
    r.get("/api/v1/catalog", ctx -> ctx.json(CatalogView.overview(live(ctx))));
    r.get(
        "/api/v1/grant-types/{name}",
        ctx -> ctx.json(CatalogView.type(live(ctx), ctx.pathParam("name"))));
    r.post("/api/v1/grant-types", this::create);
    r.put(
        "/api/v1/grant-types/{name}",
        ctx ->
            answer(
                ctx,
                live(ctx)
                    .change(
                        caller(ctx), CatalogAction.CHANGE, ctx.pathParam("name"), ctx.body(), 0)));
    r.delete(
        "/api/v1/grant-types/{name}",
        ctx ->
            answer(
                ctx,
                live(ctx)
                    .change(caller(ctx), CatalogAction.RETIRE, ctx.pathParam("name"), null, 0)));
    r.post("/api/v1/grant-types/{name}/rollback", this::rollback);
  }

  private void create(Context ctx) {
    JsonNode body = parse(ctx.body());
    JsonNode name = body.get("name");
    if (name == null || !name.isTextual()) {
      throw Refusal.badRequest("bad_definition", "a new grant type's definition names it (name)");
    }
    CatalogEntry e =
        live(ctx).change(caller(ctx), CatalogAction.CREATE, name.asText(), ctx.body(), 0);
    ctx.status(201)
        .header("Location", "/api/v1/grant-types/" + e.name())
        .json(CatalogView.entry(e));
  }

  private void rollback(Context ctx) {
    JsonNode version = parse(ctx.body()).get("version");
    if (version == null || !version.canConvertToLong() || version.asLong() < 0) {
      throw Refusal.badRequest(
          "bad_version", "name the version to go back to: {\"version\": N} (0: the config file's)");
    }
    answer(
        ctx,
        live(ctx)
            .change(
                caller(ctx),
                CatalogAction.ROLLBACK,
                ctx.pathParam("name"),
                null,
                version.asLong()));
  }

  private static void answer(Context ctx, CatalogEntry e) {
    ctx.json(CatalogView.entry(e));
  }

  /** The catalogue, for admins only. */
  private LiveGrantTypes live(Context ctx) {
    if (!grants.isAdmin(caller(ctx))) {
      throw Refusal.forbidden("only admins manage grant types");
    }
    return grants.liveTypes();
  }

  /** A JSON or YAML object body. */
  private static JsonNode parse(String body) {
    JsonNode node;
    try {
      node = body == null || body.isBlank() ? null : YAML.readTree(body);
    } catch (Exception e) {
      throw Refusal.badRequest("bad_json", "the body is neither JSON nor YAML");
    }
    if (node == null || !node.isObject()) {
      throw Refusal.badRequest("bad_json", "the body must be a JSON (or YAML) object");
    }
    return node;
  }

  private static Caller caller(Context ctx) {
    return ApiRoutes.caller(ctx);
  }
}
