package io.tailgrant.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.tailgrant.grant.Refusal;
import io.tailgrant.identity.CallerResolver;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the (unstarted) Javalin app: identity first, then routes, and every error mapped in one place. */
public final class TailGrantServer {
  static final String CALLER = "tailgrant.caller";
  private static final Logger log = LoggerFactory.getLogger(TailGrantServer.class);

  private TailGrantServer() {}

  public static Javalin create(GrantService grants, CallerResolver callers) {
    ApiRoutes api = new ApiRoutes(grants, callers.devMode());
    return Javalin.create(config -> {
      config.jsonMapper(new JavalinJackson(ApiJson.MAPPER, false));
      config.startup.showJavalinBanner = false;
      config.routes.beforeMatched("/api/*", ctx -> ctx.attribute(CALLER, callers.resolve(facts(ctx, callers))));
      config.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
      config.routes.get("/", ctx -> ctx.html(UiResources.read("index.html")));
      api.register(config.routes);
      config.routes.exception(Refusal.class, (e, ctx) -> error(ctx, e.kind().httpStatus, e.code(), e.getMessage()));
      config.routes.exception(Exception.class, (e, ctx) -> {
        log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
        error(ctx, 500, "internal", "something went wrong on our side; the error is logged");
      });
      config.routes.error(404, ctx -> {
        if (!"application/json".equals(ctx.res().getContentType())) {
          error(ctx, 404, "not_found", "no such page or API route: " + ctx.path());
        }
      });
      config.routes.error(405, ctx -> error(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed here"));
    });
  }

  static CallerResolver.RequestFacts facts(Context ctx, CallerResolver callers) {
    String devDevice = callers.devMode() ? ctx.header(CallerResolver.DEV_DEVICE_HEADER) : null;
    return new CallerResolver.RequestFacts(ctx.req().getRemoteAddr(), ctx.req().getRemotePort(),
        ctx.header("X-Forwarded-For"), ctx.header("Tailscale-Funnel-Request") != null, devDevice);
  }

  static void error(Context ctx, int status, String code, String message) {
    ctx.status(status).json(Map.of("error", code, "message", message));
  }
}
