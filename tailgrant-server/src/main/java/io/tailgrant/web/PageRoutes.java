package io.tailgrant.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.tailgrant.config.GrantTypeInfo;
import io.tailgrant.directory.GrantFilter;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.grant.GrantAction;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.Refusal;
import io.tailgrant.grant.ScheduledStart;
import io.tailgrant.identity.Caller;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The HTML pages. Each handler maps HTTP to the same {@link GrantService} calls the JSON API makes
 * and renders a template; every form posts back here with a CSRF token, and answers with a
 * redirect.
 */
final class PageRoutes {
  static final String DEV_COOKIE = "tailgrant_dev_device";
  private final GrantService grants;
  private final PageRenderer renderer;
  private final PageFormat fmt;
  private final boolean devMode;

  PageRoutes(GrantService grants, PageRenderer renderer, PageFormat fmt, boolean devMode) {
    this.grants = grants;
    this.renderer = renderer;
    this.fmt = fmt;
    this.devMode = devMode;
  }

  void register(RoutesConfig r) {
    r.get("/", this::home);
    r.get("/request", ctx -> requestForm(ctx, Map.of(), null, 200));
    r.post("/request", this::submitRequest);
    r.get("/grants/{id}", this::grantPage);
    r.post("/grants/{id}/{action}", this::grantAction);
    r.get("/approvals", this::approvals);
    r.get("/admin", this::admin);
    r.get("/admin/audit", this::auditExport);
    if (devMode) {
      r.post("/dev/identity", this::chooseDevIdentity);
    }
  }

  private void home(Context ctx) {
    Map<String, Object> m = page(ctx, "My grants");
    String token = blankToNull(ctx.queryParam("pageToken"));
    GrantPage p =
        grants.page(caller(ctx), "mine", GrantFilter.NONE, token, GrantLists.DEFAULT_LIMIT);
    m.put("grants", p.grants());
    m.put("pager", Pager.of("/", Map.of(), token, ctx.queryParam("back"), p.nextPageToken()));
    render(ctx, "home", m, 200);
  }

  private void requestForm(Context ctx, Map<String, String> input, Refusal error, int status) {
    Caller caller = caller(ctx);
    Map<String, Object> m = page(ctx, "Request access");
    List<GrantTypeInfo> types = grants.grantTypes(caller);
    String wanted = input.getOrDefault("grantType", ctx.queryParam("type"));
    if (error == null && wanted != null && types.stream().noneMatch(t -> t.name().equals(wanted))) {
      grants.targets(
          caller, wanted); // refuses with the reason: unknown type, or not yours to request
    }
    GrantTypeInfo type =
        types.stream()
            .filter(t -> t.name().equals(wanted))
            .findFirst()
            .orElse(types.isEmpty() ? null : types.get(0));
    m.put("types", types);
    m.put("type", type);
    m.put("targets", type == null ? List.of() : grants.targets(caller, type.name()));
    m.put("input", input);
    m.put("error", error == null ? null : error.getMessage());
    m.put("errorCode", error == null ? null : error.code());
    render(ctx, "request", m, status);
  }

  private void submitRequest(Context ctx) {
    Map<String, String> input = new HashMap<>();
    for (String f :
        List.of("grantType", "target", "duration", "reason", "ticket", "breakGlass", "startsAt")) {
      input.put(f, Objects.requireNonNullElse(ctx.formParam(f), ""));
    }
    try {
      GrantView view =
          grants.request(
              caller(ctx),
              new NewGrantRequest(
                  input.get("grantType"),
                  blankToNull(input.get("target")),
                  blankToNull(input.get("duration")),
                  blankToNull(input.get("reason")),
                  blankToNull(input.get("ticket")),
                  "true".equals(input.get("breakGlass")) ? Boolean.TRUE : null,
                  formStart(input.get("startsAt"))));
      ctx.redirect("/grants/" + view.id(), HttpStatus.SEE_OTHER);
    } catch (Refusal r) {
      if (r.kind() != Refusal.Kind.BAD_REQUEST) {
        throw r;
      }
      requestForm(ctx, input, r, 400);
    }
  }

  /** The form's start (a datetime-local field, in UTC as the form says) as RFC 3339; null: none. */
  private static String formStart(String value) {
    Instant start = ScheduledStart.parseFormUtc(value);
    return start == null ? null : start.toString();
  }

  private void grantPage(Context ctx) {
    Caller caller = caller(ctx);
    GrantView g = grants.get(caller, ctx.pathParam("id"));
    Map<String, Object> m = page(ctx, g.grantType() + " for " + g.requester());
    m.put("g", g);
    // Exactly what the rules allow this caller now: a page never offers what would be refused.
    Set<GrantAction> actions = grants.actions(caller, g);
    m.put("canDecide", actions.contains(GrantAction.APPROVE));
    m.put("canRevoke", actions.contains(GrantAction.REVOKE));
    m.put("canExtend", actions.contains(GrantAction.EXTEND));
    m.put("canTakeKey", actions.contains(GrantAction.AUTH_KEY));
    m.put("canReview", grants.mayReview(caller, g));
    render(ctx, "grant", m, 200);
  }

  /** The auth key, shown once on a page of its own that no cache keeps. */
  private void authKeyPage(Context ctx) {
    Caller caller = caller(ctx);
    String id = ctx.pathParam("id");
    AuthKeyFile key =
        grants
            .authKey(caller, id)
            .orElseThrow(
                () ->
                    new Refusal(
                        Refusal.Kind.CONFLICT,
                        "not_ready",
                        "grant " + id + " is not active yet; try again shortly"));
    GrantView g = grants.get(caller, id);
    Map<String, Object> m = page(ctx, "Auth key for " + g.grantType());
    m.put("g", g);
    m.put("key", key);
    ctx.header("Cache-Control", "no-store");
    render(ctx, "auth-key", m, 200);
  }

  private void grantAction(Context ctx) {
    Caller caller = caller(ctx);
    String id = ctx.pathParam("id");
    String text = blankToNull(ctx.formParam("comment"));
    if (ctx.pathParam("action").equals("auth-key")) {
      authKeyPage(ctx);
      return;
    }
    switch (ctx.pathParam("action")) {
      case "approve" -> grants.approve(caller, id, text, blankToNull(ctx.formParam("duration")));
      case "deny" -> grants.deny(caller, id, text);
      case "review" -> grants.review(caller, id, ctx.formParam("decision"), text);
      case "revoke" -> grants.revoke(caller, id, text);
      case "extend" ->
          grants.extend(caller, id, Objects.requireNonNullElse(ctx.formParam("duration"), ""));
      default -> throw Refusal.notFound("no such action");
    }
    String next = ctx.formParam("next");
    // Only our own plain paths: browsers drop tabs and newlines, so "/\t/evil" would leave the
    // site,
    // and "//evil" is another host (the first segment must not be empty).
    boolean local = next != null && next.matches("/([A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*)?");
    ctx.redirect(local ? next : "/grants/" + id, HttpStatus.SEE_OTHER);
  }

  private void approvals(Context ctx) {
    Map<String, Object> m = page(ctx, "Approvals");
    m.put(
        "grants",
        grants.list(caller(ctx), "approvals").stream()
            .sorted(Comparator.comparing(GrantSummary::requestedAt))
            .toList());
    render(ctx, "approvals", m, 200);
  }

  /**
   * Every grant, for admins: open ones by default, or all of them with history ({@code show=all});
   * filters in a form, pages with older and newer links, and the audit export's form.
   */
  private void admin(Context ctx) {
    Map<String, String> filter = new LinkedHashMap<>();
    for (String f :
        List.of(
            "show", "type", "requester", "target", "status", "from", "to", "limit", "breakGlass")) {
      filter.put(f, Objects.requireNonNullElse(ctx.queryParam(f), "").strip());
    }
    String view = filter.get("show").equals("all") ? "all" : "active";
    GrantFilter parsed =
        GrantFilter.parse(
            name ->
                switch (name) {
                  case "from" -> day(filter.get("from"), false);
                  case "to" -> day(filter.get("to"), true);
                  default -> filter.get(name);
                });
    String token = blankToNull(ctx.queryParam("pageToken"));
    GrantPage p =
        grants.page(caller(ctx), view, parsed, token, GrantLists.limit(filter.get("limit")));
    Map<String, Object> m = page(ctx, "All grants");
    m.put("filter", filter);
    m.put("types", grants.grantTypeNames());
    m.put("statuses", Arrays.stream(GrantStatus.values()).map(GrantStatus::wire).toList());
    m.put("grants", p.grants());
    m.put("pager", Pager.of("/admin", filter, token, ctx.queryParam("back"), p.nextPageToken()));
    render(ctx, "admin", m, 200);
  }

  /**
   * A day from a date field (2026-03-01: its start in UTC, or the next day's for the end of a
   * range); anything else is left to the filter to read as an RFC 3339 time.
   */
  static String day(String value, boolean end) {
    if (value != null && value.matches("\\d{4}-\\d{2}-\\d{2}")) {
      try {
        LocalDate d = LocalDate.parse(value);
        return (end ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
      } catch (DateTimeException e) {
        return value;
      }
    }
    return value;
  }

  /** The audit export's form: dates to RFC 3339, then the API's export (admins only there). */
  private void auditExport(Context ctx) {
    String from = day(Objects.requireNonNullElse(ctx.queryParam("from"), ""), false);
    String to = day(Objects.requireNonNullElse(ctx.queryParam("to"), ""), true);
    String format = "csv".equals(ctx.queryParam("format")) ? "csv" : "jsonl";
    if (!grants.isAdmin(caller(ctx))) {
      throw Refusal.forbidden("only admins may export the audit trail");
    }
    ctx.redirect(
        AuditRoutes.PATH
            + "?from="
            + URLEncoder.encode(from, StandardCharsets.UTF_8)
            + "&to="
            + URLEncoder.encode(to, StandardCharsets.UTF_8)
            + "&format="
            + format,
        HttpStatus.SEE_OTHER);
  }

  private void chooseDevIdentity(Context ctx) {
    String device = ctx.formParam("device");
    if (device == null || !device.matches("[A-Za-z0-9._-]{1,100}")) {
      throw Refusal.badRequest("bad_device", "pick a device from the list");
    }
    BrowserSafety.setCookie(ctx, DEV_COOKIE, device);
    ctx.redirect("/", HttpStatus.SEE_OTHER);
  }

  /**
   * The model every page shares: who is calling, the inbox badge, the dev picker, the CSRF token.
   */
  Map<String, Object> page(Context ctx, String title) {
    Map<String, Object> m = new HashMap<>();
    Caller caller = ctx.attribute(TailGrantServer.CALLER);
    m.put("title", title);
    m.put("caller", caller);
    m.put("fmt", fmt);
    m.put("csrf", ctx.attribute(BrowserSafety.CSRF_ATTRIBUTE));
    m.put(
        "nav",
        switch (ctx.path()) {
          case "/" -> "home";
          case "/request", "/approvals", "/admin" -> ctx.path().substring(1);
          default -> "";
        });
    m.put("devMode", devMode);
    if (caller != null) {
      m.put("admin", grants.isAdmin(caller));
      m.put("approvalCount", grants.list(caller, "approvals").size());
    }
    if (devMode) {
      m.put("devDevices", grants.devices().stream().filter(d -> d.user() != null).toList());
      m.put("devDevice", caller == null ? null : caller.deviceName());
    }
    return m;
  }

  void render(Context ctx, String template, Map<String, Object> model, int status) {
    ctx.status(status).html(renderer.render(template, model));
  }

  private static Caller caller(Context ctx) {
    return ctx.attribute(TailGrantServer.CALLER);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
