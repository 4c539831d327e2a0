package io.tailgrant.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.tailgrant.catalog.CatalogAction;
import io.tailgrant.catalog.CatalogEntry;
import io.tailgrant.grant.Refusal;
import io.tailgrant.identity.Caller;
import java.util.Map;
import java.util.Objects;

/**
 * The admins' grant-type pages: every type with where it comes from, a form to add one (YAML, as
 * under {@code grantTypes} in the config file), and per type its definition to edit, retire and its
 * versions to roll back to. The same {@link LiveGrantTypes} calls the API makes; a refused change
 * shows the form again with the reason.
 */
final class CatalogPages {
  private final GrantService grants;
  private final PageRoutes pages;

  CatalogPages(GrantService grants, PageRoutes pages) {
    this.grants = grants;
    this.pages = pages;
  }

  void register(RoutesConfig r) {
    r.get("/admin/grant-types", ctx -> overview(ctx, null, null, 200));
    r.post("/admin/grant-types", this::create);
    r.get("/admin/grant-types/{name}", ctx -> type(ctx, ctx.pathParam("name"), null, null, 200));
    r.post("/admin/grant-types/{name}", this::change);
    r.post("/admin/grant-types/{name}/retire", this::retire);
    r.post("/admin/grant-types/{name}/rollback", this::rollback);
  }

  private void overview(Context ctx, String definition, Refusal error, int status) {
    Map<String, Object> m = pages.page(ctx, "Grant types");
    m.putAll(CatalogView.overview(live(ctx)));
    m.put("nav", "grant-types");
    m.put("definition", definition == null ? "" : definition);
    m.put("error", error == null ? null : error.getMessage());
    pages.render(ctx, "grant-types", m, status);
  }

  private void type(Context ctx, String name, String definition, Refusal error, int status) {
    Map<String, Object> m = pages.page(ctx, "Grant type " + name);
    Map<String, Object> t = CatalogView.type(live(ctx), name);
    m.put("t", t);
    m.put("nav", "grant-types");
    m.put(
        "definition",
        definition != null ? definition : Objects.requireNonNullElse(t.get("definitionYaml"), ""));
    m.put("error", error == null ? null : error.getMessage());
    pages.render(ctx, "grant-type", m, status);
  }

  private void create(Context ctx) {
    String definition = Objects.requireNonNullElse(ctx.formParam("definition"), "");
    try {
      CatalogEntry e =
          live(ctx).change(caller(ctx), CatalogAction.CREATE, nameIn(definition), definition, 0);
      ctx.redirect("/admin/grant-types/" + e.name(), HttpStatus.SEE_OTHER);
    } catch (Refusal r) {
      if (r.kind() != Refusal.Kind.BAD_REQUEST && r.kind() != Refusal.Kind.CONFLICT) {
        throw r;
      }
      overview(ctx, definition, r, r.kind().httpStatus);
    }
  }

  private void change(Context ctx) {
    String name = ctx.pathParam("name");
    String definition = Objects.requireNonNullElse(ctx.formParam("definition"), "");
    edit(ctx, name, definition, CatalogAction.CHANGE, definition, 0);
  }

  private void retire(Context ctx) {
    edit(ctx, ctx.pathParam("name"), null, CatalogAction.RETIRE, null, 0);
  }

  private void rollback(Context ctx) {
    String v = Objects.requireNonNullElse(ctx.formParam("version"), "");
    if (!v.matches("[0-9]{1,18}")) {
      throw Refusal.badRequest("bad_version", "pick a version to go back to");
    }
    edit(ctx, ctx.pathParam("name"), null, CatalogAction.ROLLBACK, null, Long.parseLong(v));
  }

  private void edit(
      Context ctx,
      String name,
      String shown,
      CatalogAction action,
      String definition,
      long rollbackTo) {
    try {
      live(ctx).change(caller(ctx), action, name, definition, rollbackTo);
      ctx.redirect("/admin/grant-types/" + name, HttpStatus.SEE_OTHER);
    } catch (Refusal r) {
      if (r.kind() != Refusal.Kind.BAD_REQUEST && r.kind() != Refusal.Kind.CONFLICT) {
        throw r;
      }
      type(ctx, name, shown, r, r.kind().httpStatus);
    }
  }

  /** The {@code name:} line of a YAML definition (the reader checks the rest). */
  private static String nameIn(String definition) {
    for (String line : definition.lines().toList()) {
      if (line.startsWith("name:")) {
        return line.substring(5).strip().replaceAll("^[\"']|[\"']$", "");
      }
    }
    throw Refusal.badRequest("bad_definition", "a new grant type's definition starts name: ...");
  }

  private LiveGrantTypes live(Context ctx) {
    if (!grants.isAdmin(caller(ctx))) {
      throw Refusal.forbidden("only admins manage grant types");
    }
    return grants.liveTypes();
  }

  private static Caller caller(Context ctx) {
    return ApiRoutes.caller(ctx);
  }
}
