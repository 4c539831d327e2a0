package io.tailgrant.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tailgrant.config.GrantTypeConfig;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.Refusal;
import io.tailgrant.identity.Caller;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tailscale Kubernetes Auth's API ({@code /api/v1alpha1}) mapped onto grants of the configured TKA
 * grant type, so TKA tooling works unchanged: a sign-in is the caller's open grant of that type.
 * Status codes follow TKA: login 202 (403 no capability, 400 conflicting capability), kubeconfig
 * 200 / 202 + Retry-After / 404, logout 200 / 404, login status 200 / 202 / 401.
 */
final class TkaRoutes {
  private final GrantService grants;
  private final TkaSignIns signIns;
  private final Clock clock;

  TkaRoutes(GrantService grants, Clock clock) {
    this.grants = grants;
    this.signIns = new TkaSignIns(grants);
    this.clock = clock;
  }

  void register(RoutesConfig r) {
    r.post("/api/v1alpha1/login", this::login);
    r.get("/api/v1alpha1/login", this::status);
    r.get("/api/v1alpha1/kubeconfig", this::kubeconfig);
    r.post("/api/v1alpha1/logout", this::logout);
  }

  private void login(Context ctx) {
    Caller caller = ApiRoutes.caller(ctx);
    ctx.status(202).json(body(caller, signIns.signIn(caller, type())));
  }

  private void status(Context ctx) {
    Caller caller = ApiRoutes.caller(ctx);
    GrantView view =
        signIn(caller, type())
            .orElseThrow(
                () ->
                    new Refusal(
                        Refusal.Kind.UNAUTHORIZED,
                        "not_signed_in",
                        "you are not signed in: POST /api/v1alpha1/login"));
    if (view.status() != GrantStatus.ACTIVE) {
      ctx.header("Retry-After", String.valueOf(ApiRoutes.RETRY_AFTER_SECONDS));
      ctx.status(202);
    } else {
      ctx.status(200);
    }
    ctx.json(body(caller, view));
  }

  private void kubeconfig(Context ctx) {
    Caller caller = ApiRoutes.caller(ctx);
    GrantView view = signIn(caller, type()).orElseThrow(TkaRoutes::notSignedIn);
    Optional<KubeconfigFile> issued = grants.kubeconfig(caller, view.id());
    if (issued.isEmpty()) {
      ctx.header("Retry-After", String.valueOf(ApiRoutes.RETRY_AFTER_SECONDS)).status(202);
      return;
    }
    String accept = String.valueOf(ctx.header("Accept"));
    boolean yaml =
        accept.contains("application/yaml")
            || accept.contains("text/yaml")
            || accept.contains("application/x-yaml");
    ApiRoutes.sendKubeconfig(ctx, issued.get(), yaml);
  }

  private void logout(Context ctx) {
    Caller caller = ApiRoutes.caller(ctx);
    List<GrantView> open = signIns(caller, type());
    if (open.isEmpty()) {
      throw notSignedIn();
    }
    Map<String, Object> body = body(caller, open.get(0));
    for (GrantView v : open) {
      grants.revoke(caller, v.id(), "TKA logout");
    }
    ctx.status(200).json(body);
  }

  private GrantTypeConfig type() {
    return grants
        .catalog()
        .tkaType()
        .orElseThrow(
            () ->
                Refusal.notFound(
                    "the TKA-compatible API is not configured on this server (kubernetes.tkaGrantType)"));
  }

  /** The caller's newest grant of the TKA type that still holds or will hold access. */
  private Optional<GrantView> signIn(Caller caller, GrantTypeConfig type) {
    return signIns(caller, type).stream().findFirst();
  }

  /** Every such grant, newest first. */
  private List<GrantView> signIns(Caller caller, GrantTypeConfig type) {
    return grants.list(caller, "mine").stream()
        .filter(
            g ->
                g.grantType().equals(type.name())
                    && g.status().isOpen()
                    && g.status() != GrantStatus.DEACTIVATING)
        .sorted(Comparator.comparing(GrantSummary::requestedAt).reversed())
        .map(g -> grants.get(caller, g.id()))
        .filter(v -> v.status().isOpen() && v.status() != GrantStatus.DEACTIVATING)
        .toList();
  }

  /** TKA's UserLoginResponse: the login's user part, the ClusterRole, and the end in RFC 3339. */
  private Map<String, Object> body(Caller caller, GrantView view) {
    Instant until =
        view.expiresAt() != null ? view.expiresAt() : clock.instant().plus(view.duration());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "username",
        caller.login().contains("@")
            ? caller.login().substring(0, caller.login().indexOf('@'))
            : caller.login());
    m.put("role", view.kubernetes() == null ? null : view.kubernetes().clusterRole());
    m.put("until", until.truncatedTo(ChronoUnit.SECONDS).toString());
    m.put("grant", view.id());
    return m;
  }

  private static Refusal notSignedIn() {
    return Refusal.notFound("you are not signed in: POST /api/v1alpha1/login first");
  }
}
