package io.tailgrant.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.tailgrant.audit.LogSafe;
import io.tailgrant.grant.Refusal;
import io.tailgrant.identity.Caller;
import io.tailgrant.identity.CallerResolver;
import io.temporal.payload.codec.PayloadCodec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the (unstarted) Javalin app: browser safety and identity first, then the JSON API and the
 * pages (both over the same {@link GrantService}), and every error mapped in one place: JSON under
 * {@code /api}, a readable page elsewhere.
 */
public final class TailGrantServer {
  static final String CALLER = "tailgrant.caller";
  static final long MAX_REQUEST_BYTES = 64 * 1024;
  private static final Logger log = LoggerFactory.getLogger(TailGrantServer.class);
  private static final Logger audit = LoggerFactory.getLogger("tailgrant.audit");

  private TailGrantServer() {}

  public static Javalin create(GrantService grants, CallerResolver callers) {
    return create(grants, callers, Clock.systemUTC());
  }

  public static Javalin create(GrantService grants, CallerResolver callers, Clock clock) {
    return create(grants, callers, clock, null);
  }

  /** {@code codec} (null when payload encryption is off) backs the admins' codec endpoint. */
  public static Javalin create(
      GrantService grants, CallerResolver callers, Clock clock, PayloadCodec codec) {
    return create(grants, callers, clock, codec, Optional.empty(), null);
  }

  /**
   * As above, answering only for {@code publicHost} (when given; loopback names in dev mode), and
   * listening on the unix socket {@code unixSocket} instead of TCP when it is not null.
   */
  public static Javalin create(
      GrantService grants,
      CallerResolver callers,
      Clock clock,
      PayloadCodec codec,
      Optional<String> publicHost,
      Path unixSocket) {
    HostCheck hosts = HostCheck.of(callers.devMode(), publicHost);
    CodecRoutes codecRoutes = new CodecRoutes(codec, grants.codecCorsOrigins(), grants);
    TailscaleHookRoutes hooks = TailscaleHookRoutes.of(grants, clock);
    ApiRoutes api = new ApiRoutes(grants, callers.devMode());
    PageRoutes pages =
        new PageRoutes(grants, new PageRenderer(), new PageFormat(clock), callers.devMode());
    return Javalin.create(
        config -> {
          config.jsonMapper(new JavalinJackson(ApiJson.MAPPER, false));
          config.startup.showJavalinBanner = false;
          // Every body TailGrant takes is a small JSON object or form; nothing larger is read.
          config.http.maxRequestSize = MAX_REQUEST_BYTES;
          if (unixSocket != null) {
            config.jetty.addConnector(
                (server, http) -> {
                  UnixDomainServerConnector connector =
                      new UnixDomainServerConnector(server, new HttpConnectionFactory(http));
                  connector.setUnixDomainPath(unixSocket);
                  return connector;
                });
          }
          config.staticFiles.add(
              files -> {
                files.hostedPath = "/static";
                files.directory = "/tailgrant/ui/static";
                files.location = Location.CLASSPATH;
              });
          config.routes.before(BrowserSafety::headers);
          config.routes.before(TailGrantServer::refuseFunnel);
          config.routes.beforeMatched(ctx -> gate(ctx, callers, codecRoutes, hosts));
          config.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
          hooks.register(config.routes);
          api.register(config.routes);
          new AuditRoutes(grants).register(config.routes);
          new TkaRoutes(grants, clock).register(config.routes);
          codecRoutes.register(config.routes);
          pages.register(config.routes);
          new CatalogRoutes(grants).register(config.routes);
          new CatalogPages(grants, pages).register(config.routes);
          config.routes.exception(
              NeedsDevIdentity.class,
              (e, ctx) -> {
                Map<String, Object> m = pages.page(ctx, "Choose who you are");
                pages.render(ctx, "welcome", m, 200);
              });
          config.routes.exception(
              Refusal.class,
              (e, ctx) -> {
                // Every refusal is audited: who (if known), what, and why. Never a secret: requests
                // carry none.
                // Messages and paths carry user input: every value is escaped, so none can forge a
                // line.
                Caller caller = ctx.attribute(CALLER);
                audit.info(
                    refusalLine(
                        caller == null
                            ? "unidentified(" + ctx.req().getRemoteAddr() + ")"
                            : caller.login(),
                        ctx.method().name(),
                        ctx.path(),
                        e));
                if (e.retryAfterSeconds() > 0) {
                  ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
                }
                error(ctx, pages, e.kind().httpStatus, e.code(), e.getMessage());
              });
          config.routes.exception(
              IllegalArgumentException.class,
              (e, ctx) -> {
                if (String.valueOf(e.getMessage()).startsWith("URLDecoder")) {
                  error(ctx, pages, 400, "bad_path", "the address is not properly encoded");
                } else {
                  log.error(
                      "unexpected error on {} {}", ctx.method(), LogSafe.quote(ctx.path()), e);
                  error(
                      ctx,
                      pages,
                      500,
                      "internal",
                      "something went wrong on our side; the error is logged");
                }
              });
          config.routes.exception(
              Exception.class,
              (e, ctx) -> {
                log.error("unexpected error on {} {}", ctx.method(), LogSafe.quote(ctx.path()), e);
                error(
                    ctx,
                    pages,
                    500,
                    "internal",
                    "something went wrong on our side; the error is logged");
              });
          config.routes.error(
              404,
              ctx -> {
                if (!String.valueOf(ctx.res().getContentType()).startsWith("application/json")
                    && !String.valueOf(ctx.res().getContentType()).startsWith("text/html")) {
                  error(ctx, pages, 404, "not_found", "no such page or API route: " + ctx.path());
                }
              });
        });
  }

  /**
   * The audit log line of a refusal: one line whatever the user sent, every value quoted and
   * escaped.
   */
  static String refusalLine(String actor, String method, String path, Refusal e) {
    return "refused actor="
        + LogSafe.quote(actor)
        + " method="
        + LogSafe.quote(method)
        + " path="
        + LogSafe.quote(path)
        + " status="
        + e.kind().httpStatus
        + " error="
        + LogSafe.quote(e.code())
        + " message="
        + LogSafe.quote(e.getMessage());
  }

  /**
   * Funnel (the public internet, marked by {@code tailscale serve}) reaches one path only:
   * Tailscale's webhook deliveries, which carry their own authentication. Every other path, matched
   * or not, is refused before anything else runs.
   */
  private static void refuseFunnel(Context ctx) {
    if (CallerResolver.isFunnel(ctx.header(CallerResolver.FUNNEL_HEADER))
        && !ctx.path().equals(TailscaleHookRoutes.PATH)) {
      throw Refusal.forbidden(CallerResolver.FUNNEL_REFUSAL);
    }
  }

  /**
   * Every matched route but health, static files and Tailscale's webhook: the host asked for,
   * same-origin and CSRF checks, then who is calling. The webhook identifies nobody (Tailscale's
   * control plane is no tailnet peer, and may post to a Funnel name other than {@code
   * publicUrl}'s): its signature is checked instead.
   */
  private static void gate(
      Context ctx, CallerResolver callers, CodecRoutes codec, HostCheck hosts) {
    String path = ctx.path();
    if (path.equals("/healthz")
        || path.startsWith("/static/")
        || path.equals(TailscaleHookRoutes.PATH)) {
      return;
    }
    CallerResolver.RequestFacts connection = facts(ctx, callers);
    hosts.check(
        ctx.header("Host"), callers.vouches(connection) ? ctx.header("X-Forwarded-Host") : null);
    if (path.startsWith(CodecRoutes.PREFIX)) {
      // Called cross-origin by the Temporal UI: its own origin check instead of same-origin, no
      // CSRF
      // token (it is JSON with a custom header, which forces a preflight), identity as everywhere.
      codec.checkOrigin(ctx);
      if (!ctx.method().name().equals("OPTIONS")) {
        ctx.attribute(CALLER, callers.resolve(connection));
      }
      return;
    }
    BrowserSafety.requireSameOrigin(ctx);
    boolean page = !path.startsWith("/api/");
    if (page) {
      BrowserSafety.csrfToken(ctx);
      if (!ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD")) {
        BrowserSafety.requireCsrfToken(ctx);
      }
      if (path.equals("/dev/identity")) {
        return;
      }
    }
    if (page && callers.devMode() && connection.devDevice() == null) {
      throw new NeedsDevIdentity();
    }
    ctx.attribute(CALLER, callers.resolve(connection));
  }

  static CallerResolver.RequestFacts facts(Context ctx, CallerResolver callers) {
    String devDevice = null;
    if (callers.devMode()) {
      devDevice = ctx.header(CallerResolver.DEV_DEVICE_HEADER);
      if (devDevice == null || devDevice.isBlank()) {
        devDevice = ctx.cookie(PageRoutes.DEV_COOKIE);
      }
    }
    return new CallerResolver.RequestFacts(
        ctx.req().getRemoteAddr(),
        ctx.req().getRemotePort(),
        ctx.header("X-Forwarded-For"),
        CallerResolver.isFunnel(ctx.header(CallerResolver.FUNNEL_HEADER)),
        devDevice);
  }

  private static void error(
      Context ctx, PageRoutes pages, int status, String code, String message) {
    if (ctx.path().startsWith("/api/")
        || ctx.path().startsWith(CodecRoutes.PREFIX)
        || ctx.path().startsWith("/hooks/")) {
      ctx.status(status).json(Map.of("error", code, "message", message));
      return;
    }
    Map<String, Object> m = new HashMap<>();
    try {
      m = pages.page(ctx, "Error");
    } catch (RuntimeException e) {
      m.put("title", "Error");
      m.put("fmt", null);
    }
    m.put("status", status);
    m.put("code", code);
    m.put("message", message);
    m.put(
        "heading",
        switch (status) {
          case 403 -> "You can't do that";
          case 404 -> "Not found";
          case 409 -> "That can't be done now";
          case 400 -> "That request isn't right";
          default -> "Something went wrong";
        });
    pages.render(ctx, "error", m, status);
  }

  /** A page was asked for in dev mode before a simulated device was chosen. */
  static final class NeedsDevIdentity extends RuntimeException {
    NeedsDevIdentity() {
      super(null, null, false, false);
    }
  }
}
