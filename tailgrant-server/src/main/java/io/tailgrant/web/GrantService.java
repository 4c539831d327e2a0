package io.tailgrant.web;

import io.tailgrant.authkey.AuthKeyRequest;
import io.tailgrant.authkey.IssuedAuthKey;
import io.tailgrant.config.GrantCatalog;
import io.tailgrant.config.GrantTypeConfig;
import io.tailgrant.config.GrantTypeInfo;
import io.tailgrant.config.LimitsConfig;
import io.tailgrant.config.TailGrantConfig;
import io.tailgrant.config.TailscaleWebhookConfig;
import io.tailgrant.directory.DeviceInfo;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.events.TailnetEventInput;
import io.tailgrant.grant.Authority;
import io.tailgrant.grant.Decision;
import io.tailgrant.grant.Durations;
import io.tailgrant.grant.ExtendRequest;
import io.tailgrant.grant.GrantAction;
import io.tailgrant.grant.GrantFacts;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.grant.GrantInput;
import io.tailgrant.grant.GrantRules;
import io.tailgrant.grant.GrantSpec;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.Policy;
import io.tailgrant.grant.Refusal;
import io.tailgrant.grant.RevokeRequest;
import io.tailgrant.grant.TargetDevice;
import io.tailgrant.identity.Caller;
import io.tailgrant.kubernetes.IssuedKubeconfig;
import io.tailgrant.kubernetes.KubeconfigRequest;
import io.tailgrant.secrets.RecipientSeal;
import io.temporal.client.WorkflowClient;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the API and the pages can do, for one caller: each call asks the rules ({@link Policy} to
 * request, {@link GrantRules} to act on a grant, with the config in force) before it reaches
 * Temporal, where the workflow asks them again with the grant's own snapshot.
 */
public final class GrantService implements AutoCloseable {
  /** How often the lists' copy of the directory is refreshed. */
  static final Duration LIST_REFRESH = Duration.ofSeconds(1);

  /**
   * Longest grant type name, target or duration a request may name (all are echoed in refusals).
   */
  static final int MAX_NAME_LENGTH = 200;

  private final TailGrantConfig config;
  private final GrantCatalog catalog;
  private final LiveGrantTypes liveTypes;
  private final GrantClient client;
  private final GrantBoard board;
  private final TargetResolver targets;
  private final Clock clock;
  private final Map<String, Object> requesting = new ConcurrentHashMap<>();

  public GrantService(TailGrantConfig config, WorkflowClient client, Clock clock) {
    this(config, client, clock, LIST_REFRESH);
  }

  /** As above, refreshing the lists every {@code listRefresh}. */
  GrantService(TailGrantConfig config, WorkflowClient client, Clock clock, Duration listRefresh) {
    this.config = config;
    this.liveTypes = new LiveGrantTypes(config, client, clock);
    this.catalog = new GrantCatalog(liveTypes::config);
    this.client = new GrantClient(client, config.temporal().taskQueue());
    this.board = new GrantBoard(this.client::grants, this.client::inventory, listRefresh);
    this.targets =
        new TargetResolver(this.client, board, config.limits().inventoryRefreshInterval(), clock);
    this.clock = clock;
  }

  @Override
  public void close() {
    board.close();
  }

  /** Browser origins (the Temporal UI's) that may call the codec endpoint. */
  List<String> codecCorsOrigins() {
    return config.server().codecCorsOrigins();
  }

  GrantCatalog catalog() {
    return catalog;
  }

  /** The grant types in force, and admins' changes to them. */
  LiveGrantTypes liveTypes() {
    return liveTypes;
  }

  /** The Tailscale webhook endpoint, when {@code hooks.tailscale} is configured. */
  Optional<TailscaleWebhookConfig> tailscaleWebhook() {
    return config.hooks().tailscaleWebhook();
  }

  /** The grant types whose role comes from an app capability, by the config in force. */
  Set<String> capabilityGrantTypes() {
    return catalog.capabilityGrantTypes();
  }

  /** Starts a Tailscale event's workflow; false when that event was handled already. */
  boolean startTailnetEvent(TailnetEventInput event) {
    return client.startTailnetEvent(event);
  }

  GrantClient client() {
    return client;
  }

  public boolean isAdmin(Caller caller) {
    return catalog.isAdmin(caller.login());
  }

  /** The tailnet's devices as last listed: the dev identity picker's choices. */
  public List<DeviceInfo> devices() {
    return targets.devices();
  }

  public List<GrantTypeInfo> grantTypes(Caller caller) {
    return catalog.typesFor(caller.principal(), caller.capabilities());
  }

  /** The devices {@code caller} may pick as the target of {@code grantType}. */
  public List<TargetDevice> targets(Caller caller, String grantType) {
    requireShort(grantType, MAX_NAME_LENGTH, "grantType");
    GrantTypeConfig type = catalog.requestable(caller.principal(), grantType);
    return targets.choices(caller, type, catalog.spec(type));
  }

  public GrantView request(Caller caller, NewGrantRequest body) {
    return request(caller, body, GrantIds.newGrantId());
  }

  /** Requests a grant with the id {@code id} (a TKA sign-in chooses its id before it starts). */
  GrantView request(Caller caller, NewGrantRequest body, String id) {
    if (body == null || body.grantType() == null || body.grantType().isBlank()) {
      throw Refusal.badRequest("unknown_grant_type", "grantType is required");
    }
    requireShort(body.grantType(), MAX_NAME_LENGTH, "grantType");
    requireShort(body.target(), MAX_NAME_LENGTH, "target");
    requireShort(body.duration(), MAX_NAME_LENGTH, "duration");
    requireShort(body.reason(), limits().grant().maxTextLength(), "reason");
    GrantTypeConfig type = catalog.requestable(caller.principal(), body.grantType());
    GrantSpec spec = catalog.specFor(type, caller.capabilities());
    Duration duration = GrantCatalog.defaultDuration(type, spec);
    if (body.duration() != null && !body.duration().isBlank()) {
      duration =
          Durations.parse(body.duration())
              .orElseThrow(
                  () ->
                      Refusal.badRequest(
                          "bad_duration",
                          "'"
                              + body.duration()
                              + "' is not a duration: use 90m, 1h30m or PT1H30M"));
    }
    Policy.checkDuration(spec, duration);
    Policy.checkReason(spec, body.reason());
    TargetDevice target = targets.resolve(caller, type, body.target());
    Policy.checkTarget(spec, caller.principal(), target);
    String reason = body.reason() == null ? null : body.reason().strip();
    GrantInput input =
        new GrantInput(
            id,
            spec,
            caller.principal(),
            target,
            duration,
            reason,
            clock.instant(),
            limits().grant());
    // One requester's requests on this server count and start one at a time, so a burst cannot
    // slip past the open-grant limit between the count and the start.
    synchronized (requesting.computeIfAbsent(caller.login(), k -> new Object())) {
      checkOpenGrants(caller);
      client.start(input);
      board.started(GrantSummary.submitted(input));
    }
    return GrantView.submitted(input);
  }

  /** A list for {@code view}: mine, approvals (waiting for me), active or all (admins only). */
  public List<GrantSummary> list(Caller caller, String view) {
    String v = view == null || view.isBlank() ? "mine" : view;
    List<GrantSummary> all = board.grants();
    return switch (v) {
      case "mine" -> all.stream().filter(g -> g.requester().equals(caller.login())).toList();
      case "approvals" -> all.stream().filter(g -> awaitsDecisionBy(g, caller)).toList();
      case "active", "all" -> {
        if (!isAdmin(caller)) {
          throw Refusal.forbidden("only admins may list everyone's grants");
        }
        yield v.equals("all") ? all : all.stream().filter(g -> g.status().isOpen()).toList();
      }
      default ->
          throw Refusal.badRequest("bad_view", "view must be mine, approvals, active or all");
    };
  }

  /** A grant, if {@code caller} may see it; anyone else is told it does not exist. */
  public GrantView get(Caller caller, String id) {
    GrantView view =
        (GrantIds.isWellFormed(id) ? client.view(id) : Optional.<GrantView>empty())
            .orElseThrow(() -> Refusal.notFound("no grant '" + id + "'"));
    GrantRules.check(
        GrantAction.VIEW, facts(view), caller.login(), clock.instant(), authority(view));
    return view;
  }

  /** What {@code caller} may do to {@code view} now: the actions a page offers. */
  Set<GrantAction> actions(Caller caller, GrantView view) {
    return GrantRules.allowed(facts(view), caller.login(), clock.instant(), authority(view));
  }

  public GrantView approve(Caller caller, String id, String comment) {
    return decide(GrantAction.APPROVE, caller, id, comment);
  }

  public GrantView deny(Caller caller, String id, String comment) {
    return decide(GrantAction.DENY, caller, id, comment);
  }

  private GrantView decide(GrantAction action, Caller caller, String id, String comment) {
    requireShort(comment, limits().grant().maxTextLength(), "comment");
    GrantView view = get(caller, id);
    // With the config in force now: someone no longer an approver decides nothing more.
    GrantRules.check(action, facts(view), caller.login(), clock.instant(), authority(view));
    Decision decision = new Decision(caller.login(), comment, id);
    return changed(
        client.update(
            id, g -> action == GrantAction.APPROVE ? g.approve(decision) : g.deny(decision)));
  }

  public GrantView revoke(Caller caller, String id, String reason) {
    requireShort(reason, limits().grant().maxTextLength(), "reason");
    // Who may see it decides who may ask; the workflow's validator decides the revocation itself.
    // The list's copy answers "who" without a query, a hop less on the revocation path.
    Optional<GrantSummary> listed = GrantIds.isWellFormed(id) ? board.find(id) : Optional.empty();
    if (listed.isPresent()) {
      GrantSummary s = listed.get();
      Authority authority = catalog.authority(s.grantType());
      GrantRules.check(
          GrantAction.VIEW,
          s.facts(authority.admins()),
          caller.login(),
          clock.instant(),
          authority);
    } else {
      get(caller, id);
    }
    return changed(client.update(id, g -> g.revoke(new RevokeRequest(caller.login(), reason, id))));
  }

  /** Shows this server's change in its lists at once. */
  private GrantView changed(GrantView view) {
    board.changed(view);
    return view;
  }

  public GrantView extend(Caller caller, String id, String by) {
    requireShort(by, MAX_NAME_LENGTH, "duration");
    get(caller, id);
    Duration d =
        Durations.parse(by)
            .orElseThrow(
                () ->
                    Refusal.badRequest(
                        "bad_duration", "'" + by + "' is not a duration: use 30m, 1h or PT1H"));
    return changed(client.update(id, g -> g.extend(new ExtendRequest(caller.login(), d, id))));
  }

  /**
   * A kubernetes grant's kubeconfig for its requester: empty while the grant is not active yet; 404
   * for anyone else, 409 for other kinds, 410 once it has ended.
   */
  public Optional<KubeconfigFile> kubeconfig(Caller caller, String id) {
    GrantView view = get(caller, id);
    Optional<Refusal> refused =
        GrantRules.refusal(
            GrantAction.KUBECONFIG, facts(view), caller.login(), clock.instant(), authority(view));
    if (refused.isPresent()) {
      if (refused.get().code().equals("not_ready")) {
        return Optional.empty();
      }
      throw refused.get();
    }
    // A key pair for this request only: the token comes back sealed to it, so Temporal's history
    // (and whoever decodes it) sees ciphertext, and the private half dies with this call.
    KeyPair recipient = RecipientSeal.newRecipient();
    KubeconfigRequest ask =
        new KubeconfigRequest(caller.login(), id, RecipientSeal.publicKey(recipient));
    try {
      IssuedKubeconfig issued = client.update(id, g -> g.kubeconfig(ask));
      return Optional.of(
          new KubeconfigFile(
              RecipientSeal.open(issued.kubeconfig(), recipient, id), issued.tokenExpiresAt()));
    } catch (Refusal r) {
      if (r.code().equals("wrong_state")) {
        throw Refusal.gone("grant " + id + " has ended");
      }
      throw r;
    }
  }

  /**
   * An auth-key grant's key for its requester, the first time only: empty while the grant is not
   * active yet; 404 for anyone else, 409 for other kinds, 410 once shown or ended.
   */
  public Optional<AuthKeyFile> authKey(Caller caller, String id) {
    GrantView view = get(caller, id);
    Optional<Refusal> refused =
        GrantRules.refusal(
            GrantAction.AUTH_KEY, facts(view), caller.login(), clock.instant(), authority(view));
    if (refused.isPresent()) {
      if (refused.get().code().equals("not_ready")) {
        return Optional.empty();
      }
      throw refused.get();
    }
    // As for kubeconfigs: the key comes back sealed to a key pair of this request only, so
    // Temporal's history (and whoever decodes it) sees ciphertext.
    KeyPair recipient = RecipientSeal.newRecipient();
    AuthKeyRequest ask = new AuthKeyRequest(caller.login(), id, RecipientSeal.publicKey(recipient));
    try {
      IssuedAuthKey issued = client.update(id, g -> g.authKey(ask));
      return Optional.of(
          new AuthKeyFile(RecipientSeal.open(issued.key(), recipient, id), issued.expiresAt()));
    } catch (Refusal r) {
      if (r.code().equals("wrong_state")) {
        throw Refusal.gone("grant " + id + " has ended");
      }
      throw r;
    }
  }

  /** Pending for an approver who is not its requester and is an approver still. */
  private boolean awaitsDecisionBy(GrantSummary g, Caller caller) {
    return g.status() == GrantStatus.PENDING_APPROVAL
        && g.approvers().contains(caller.login())
        && !g.requester().equals(caller.login())
        && catalog.authority(g.grantType()).approvers().contains(caller.login());
  }

  private GrantFacts facts(GrantView view) {
    return GrantFacts.of(view, authority(view).admins());
  }

  private Authority authority(GrantView view) {
    return catalog.authority(view.grantType());
  }

  private LimitsConfig limits() {
    return config.limits();
  }

  /**
   * Pending and active grants per requester are capped: each one is a workflow and, pending, an
   * approver's time.
   */
  private void checkOpenGrants(Caller caller) {
    int max = limits().openGrantsPerRequester();
    long open =
        board.grants().stream()
            .filter(g -> g.requester().equals(caller.login()) && g.status().isOpen())
            .count();
    if (open >= max) {
      throw Refusal.tooMany(
          "too_many_open_grants",
          "you have "
              + open
              + " open grants (at most "
              + max
              + "): let one end or revoke one first",
          60);
    }
  }

  /** Free text is capped before it reaches a workflow, a page or a log. */
  static void requireShort(String text, int max, String field) {
    if (text != null && text.length() > max) {
      String code =
          field.equals("reason") || field.equals("comment") ? field + "_too_long" : "text_too_long";
      throw Refusal.badRequest(code, "a " + field + " is at most " + max + " characters");
    }
  }
}
