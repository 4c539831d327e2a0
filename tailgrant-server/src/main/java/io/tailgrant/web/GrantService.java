package io.tailgrant.web;

import io.tailgrant.config.GrantCatalog;
import io.tailgrant.config.GrantTypeConfig;
import io.tailgrant.config.GrantTypeInfo;
import io.tailgrant.config.TailGrantConfig;
import io.tailgrant.config.TailscaleWebhookConfig;
import io.tailgrant.directory.DeviceInfo;
import io.tailgrant.directory.DirectoryState;
import io.tailgrant.directory.GrantFilter;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.events.TailnetEventInput;
import io.tailgrant.grant.Authority;
import io.tailgrant.grant.BreakGlassRules;
import io.tailgrant.grant.GrantAction;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.grant.GrantLimits;
import io.tailgrant.grant.GrantRules;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.Refusal;
import io.tailgrant.grant.TargetDevice;
import io.tailgrant.history.HistorySources;
import io.tailgrant.identity.Caller;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the API and the pages can do, for one caller: the one surface routes call. It wires the
 * parts that do each job ({@link GrantRequester} to ask for a grant, {@link GrantActions} to act on
 * one, {@link GrantCredentials} for its kubeconfig or auth key, {@link GrantClient} for Temporal,
 * {@link TargetResolver} for targets) and serves the lists from {@link GrantBoard}.
 */
public final class GrantService implements AutoCloseable {
  /** How often the lists' copy of the directory is refreshed. */
  static final Duration LIST_REFRESH = Duration.ofSeconds(1);

  private final TailGrantConfig config;
  private final GrantCatalog catalog;
  private final LiveGrantTypes liveTypes;
  private final GrantClient client;
  private final GrantBoard board;
  private final TargetResolver targets;
  private final GrantRequester requests;
  private final GrantActions actions;
  private final GrantCredentials credentials;
  private final Clock clock;
  private final GrantLists lists;

  public GrantService(TailGrantConfig config, WorkflowClient client, Clock clock) {
    this(config, client, clock, LIST_REFRESH);
  }

  /** As above, refreshing the lists every {@code listRefresh}. */
  GrantService(TailGrantConfig config, WorkflowClient client, Clock clock, Duration listRefresh) {
    this(config, client, clock, listRefresh, DirectoryState.RECENT_LIMIT);
  }

  /** As above, for a directory that keeps {@code window} ended grants (tests make it small). */
  GrantService(
      TailGrantConfig config,
      WorkflowClient client,
      Clock clock,
      Duration listRefresh,
      int window) {
    this.config = config;
    this.liveTypes = new LiveGrantTypes(config, client, clock);
    this.catalog = new GrantCatalog(liveTypes::config);
    this.client = new GrantClient(client, config.temporal().taskQueue());
    this.board = new GrantBoard(this.client::grants, this.client::inventory, listRefresh);
    this.targets =
        new TargetResolver(this.client, board, config.limits().inventoryRefreshInterval(), clock);
    this.requests =
        new GrantRequester(catalog, config.limits(), this.client, board, targets, clock);
    this.actions =
        new GrantActions(
            catalog, config.limits().grant().maxTextLength(), this.client, board, clock);
    this.credentials = new GrantCredentials(actions, this.client);
    this.clock = clock;
    this.lists =
        new GrantLists(
            this::list, board::grants, window, HistorySources.of(client, config.auditFile()));
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
    return catalog.isAdmin(caller.login(), caller.roles());
  }

  /** The tailnet's devices as last listed: the dev identity picker's choices. */
  public List<DeviceInfo> devices() {
    return targets.devices();
  }

  public List<GrantTypeInfo> grantTypes(Caller caller) {
    return catalog.typesFor(caller.principal(), caller.capabilities(), caller.roles());
  }

  /** The devices {@code caller} may pick as the target of {@code grantType}. */
  public List<TargetDevice> targets(Caller caller, String grantType) {
    GrantLimits.requireShort(grantType, GrantRequester.MAX_NAME_LENGTH, "grantType");
    GrantTypeConfig type = catalog.requestable(caller.principal(), grantType, caller.roles());
    return targets.choices(caller, type, catalog.spec(type));
  }

  public GrantView request(Caller caller, NewGrantRequest body) {
    return request(caller, body, GrantIds.newGrantId());
  }

  /** Requests a grant with the id {@code id} (a TKA sign-in chooses its id before it starts). */
  GrantView request(Caller caller, NewGrantRequest body, String id) {
    return requests.request(caller, body, id);
  }

  /** A list for {@code view}: mine, approvals (waiting for me), active or all (admins only). */
  public List<GrantSummary> list(Caller caller, String view) {
    String v = view == null || view.isBlank() ? "mine" : view;
    List<GrantSummary> all = board.grants();
    return switch (v) {
      case "mine" -> all.stream().filter(g -> g.requester().equals(caller.login())).toList();
      case "approvals" ->
          all.stream()
              .filter(g -> awaitsDecisionBy(g, caller) || awaitsReviewBy(g, caller))
              .toList();
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

  /**
   * Whether {@code caller} may approve {@code g} now, as far as a list can tell (a summary does not
   * hold the votes: the grant's own view decides the rest): an approver by the config, or by the
   * tailnet policy's capability.
   */
  private boolean awaitsDecisionBy(GrantSummary g, Caller caller) {
    Authority authority = catalog.authority(g.grantType(), caller.login(), caller.roles());
    return GrantRules.awaitsDecisionBy(
        g.facts(authority.admins()), caller.login(), clock.instant(), authority);
  }

  /** Whether {@code g} is a break-glass grant {@code caller} may review now: in their inbox too. */
  private boolean awaitsReviewBy(GrantSummary g, Caller caller) {
    return g.breakGlass()
        && BreakGlassRules.mayReview(
            g.facts(Set.of()),
            caller.login(),
            clock.instant(),
            catalog.breakGlassReviewers(g.grantType()));
  }

  /**
   * One page of {@code view} for {@code caller}, narrowed by {@code filter}: {@link GrantLists}.
   */
  public GrantPage page(
      Caller caller, String view, GrantFilter filter, String pageToken, int limit) {
    return lists.page(caller, view, filter, pageToken, limit);
  }

  /** Every grant type's name, as the config in force has them: the admin page's type filter. */
  List<String> grantTypeNames() {
    return liveTypes.config().grantTypes().stream().map(GrantTypeConfig::name).sorted().toList();
  }

  /** The worker's audit file, as the config names it (null: none). */
  Path auditFile() {
    return config.auditFile();
  }

  /** A grant, if {@code caller} may see it; anyone else is told it does not exist. */
  public GrantView get(Caller caller, String id) {
    return actions.get(caller, id);
  }

  /** What {@code caller} may do to {@code view} now: the actions a page offers. */
  Set<GrantAction> actions(Caller caller, GrantView view) {
    return actions.allowed(caller, view);
  }

  public GrantView approve(Caller caller, String id, String comment) {
    return approve(caller, id, comment, null);
  }

  /**
   * Approves, for {@code duration} (such as {@code 30m}; null: as asked) when the approver gives
   * less time than was asked.
   */
  public GrantView approve(Caller caller, String id, String comment, String duration) {
    return actions.decide(GrantAction.APPROVE, caller, id, comment, duration);
  }

  public GrantView deny(Caller caller, String id, String comment) {
    return actions.decide(GrantAction.DENY, caller, id, comment, null);
  }

  public GrantView revoke(Caller caller, String id, String reason) {
    return actions.revoke(caller, id, reason);
  }

  /** A break-glass grant's review: confirm or revoke, with a comment (see {@link GrantActions}). */
  public GrantView review(Caller caller, String id, String decision, String comment) {
    return actions.review(caller, id, decision, comment);
  }

  /** Whether {@code caller} may review {@code view} now. */
  boolean mayReview(Caller caller, GrantView view) {
    return actions.mayReview(caller, view);
  }

  public GrantView extend(Caller caller, String id, String by) {
    return actions.extend(caller, id, by);
  }

  /** A kubernetes grant's kubeconfig for its requester: see {@link GrantCredentials}. */
  public Optional<KubeconfigFile> kubeconfig(Caller caller, String id) {
    return credentials.kubeconfig(caller, id);
  }

  /**
   * An auth-key grant's key for its requester, the first time only: see {@link GrantCredentials}.
   */
  public Optional<AuthKeyFile> authKey(Caller caller, String id) {
    return credentials.authKey(caller, id);
  }
}
