package io.tailgrant.web;

import io.tailgrant.config.GrantTypeConfig;
import io.tailgrant.config.LimitsConfig;
import io.tailgrant.config.TailGrantConfig;
import io.tailgrant.directory.DeviceInfo;
import io.tailgrant.directory.DeviceInventory;
import io.tailgrant.directory.Directory;
import io.tailgrant.directory.GrantDirectoryWorkflow;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.grant.Decision;
import io.tailgrant.grant.Durations;
import io.tailgrant.grant.ExtendRequest;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.grant.GrantInput;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.GrantSpec;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.grant.Policy;
import io.tailgrant.grant.Refusal;
import io.tailgrant.grant.RefusalFailures;
import io.tailgrant.grant.RevokeRequest;
import io.tailgrant.grant.TargetDevice;
import io.tailgrant.grant.TargetRule;
import io.tailgrant.identity.Caller;
import io.tailgrant.kubernetes.CapabilityRule;
import io.tailgrant.kubernetes.CapabilityRules;
import io.tailgrant.kubernetes.IssuedKubeconfig;
import io.tailgrant.kubernetes.KubeconfigRequest;
import io.tailgrant.kubernetes.KubernetesRole;
import io.tailgrant.secrets.RecipientSeal;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the API and the pages can do, each call checked by {@link Policy} before it reaches
 * Temporal; Update validators check the same rules again inside the workflow.
 */
public final class GrantService {
  /** Longest grant type name or target a request may name (both are echoed in refusals). */
  static final int MAX_NAME_LENGTH = 200;

  private final TailGrantConfig config;
  private final WorkflowClient client;
  private final Clock clock;

  public GrantService(TailGrantConfig config, WorkflowClient client, Clock clock) {
    this.config = config;
    this.client = client;
    this.clock = clock;
  }

  /** Browser origins (the Temporal UI's) that may call the codec endpoint. */
  List<String> codecCorsOrigins() {
    return config.server().codecCorsOrigins();
  }

  /** The grant type the TKA-compatible endpoints sign in with, if configured. */
  public Optional<GrantTypeConfig> tkaGrantType() {
    return config.tkaGrantType();
  }

  /**
   * Waits (briefly) until the directory lists a just-started grant, so a client that asks for it by
   * list right after creating it finds it; the directory learns of grants asynchronously.
   */
  void awaitListed(String id) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      if (directory(GrantDirectoryWorkflow::grants).stream().anyMatch(g -> g.id().equals(id))) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  public boolean isAdmin(Caller caller) {
    return config.isAdmin(caller.login());
  }

  public java.util.Set<String> admins() {
    return config.adminLogins();
  }

  /**
   * The tailnet's devices as last listed (refreshed when stale): the dev identity picker's choices.
   */
  public List<DeviceInfo> devices() {
    return inventory(false).devices();
  }

  public List<GrantTypeInfo> grantTypes(Caller caller) {
    return config.grantTypes().stream()
        .filter(
            t ->
                Policy.mayRequest(config.spec(t), caller.principal())
                    && (t.capability() == null
                        || caller.capabilities().containsKey(t.capability())))
        .map(t -> info(t, limitsFor(caller, t)))
        .toList();
  }

  /**
   * What the form should offer: for a capability type, the caller's own maximum when it resolves.
   */
  private GrantSpec limitsFor(Caller caller, GrantTypeConfig type) {
    try {
      return specFor(caller, type);
    } catch (Refusal r) {
      return config.spec(type); // requesting it will say why not
    }
  }

  /**
   * The snapshot a grant of {@code type} by {@code caller} carries: for a capability type, role and
   * maximum come from the caller's app capability (TKA's rules), refusing as TKA would.
   */
  GrantSpec specFor(Caller caller, GrantTypeConfig type) {
    GrantSpec spec = config.spec(type);
    if (type.capability() == null) {
      return spec;
    }
    CapabilityRule rule = CapabilityRules.resolve(type.capability(), caller.capabilities());
    Duration max =
        rule.period().compareTo(spec.maxDuration()) < 0 ? rule.period() : spec.maxDuration();
    if (max.compareTo(spec.minDuration()) < 0) {
      throw Refusal.badRequest(
          "capability_invalid",
          "your "
              + type.capability()
              + " period "
              + Durations.format(rule.period())
              + " is shorter than '"
              + type.name()
              + "' allows ("
              + Durations.format(spec.minDuration())
              + " at least)");
    }
    String namespace = type.kubernetes() == null ? null : type.kubernetes().namespace();
    return spec.withCapability(new KubernetesRole(rule.role(), namespace), max);
  }

  private static GrantTypeInfo info(GrantTypeConfig t, GrantSpec spec) {
    return new GrantTypeInfo(
        t.name(),
        t.description(),
        t.kind(),
        t.risk(),
        t.target(),
        Durations.format(t.minDuration()),
        Durations.format(spec.maxDuration()),
        Durations.format(defaultDuration(t, spec)),
        t.risk().needsApproval() ? List.copyOf(spec.approvers()) : List.of(),
        t.reasonRequired());
  }

  /** The devices {@code caller} may pick as the target of {@code grantType}. */
  public List<TargetDevice> targets(Caller caller, String grantType) {
    GrantTypeConfig type = requestableType(caller, grantType);
    GrantSpec spec = config.spec(type);
    if (type.target().rule() == TargetRule.Kind.OWN_DEVICE) {
      return List.of(ownDevice(caller));
    }
    if (type.target().rule() == TargetRule.Kind.CLUSTER) {
      return type.target().clusters().stream().map(TargetDevice::cluster).toList();
    }
    return inventory(false).devices().stream()
        .map(GrantService::target)
        .filter(t -> Policy.isTargetEligible(spec, caller.principal(), t))
        .toList();
  }

  public GrantView request(Caller caller, NewGrantRequest body) {
    if (body == null || body.grantType() == null || body.grantType().isBlank()) {
      throw Refusal.badRequest("unknown_grant_type", "grantType is required");
    }
    requireShort(body.grantType(), MAX_NAME_LENGTH, "grantType");
    requireShort(body.target(), MAX_NAME_LENGTH, "target");
    requireShort(body.duration(), MAX_NAME_LENGTH, "duration");
    requireShort(body.reason(), limits().grant().maxTextLength(), "reason");
    GrantTypeConfig type = requestableType(caller, body.grantType());
    GrantSpec spec = specFor(caller, type);
    Duration duration = defaultDuration(type, spec);
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
    checkOpenGrants(caller);
    TargetDevice target =
        type.kind() == GrantKind.KUBERNETES
            ? resolveCluster(type, body.target())
            : resolveTarget(caller, body.target());
    Policy.checkTarget(spec, caller.principal(), target);
    String id = GrantIds.newGrantId();
    GrantWorkflow wf =
        client.newWorkflowStub(
            GrantWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(GrantIds.grantWorkflowId(id))
                .setTaskQueue(config.temporal().taskQueue())
                // A task handed to a worker that just died is retried after this, not after the
                // default 10 s.
                .setWorkflowTaskTimeout(Duration.ofSeconds(3))
                .build());
    WorkflowClient.start(
        wf::run,
        new GrantInput(
            id,
            spec,
            caller.principal(),
            target,
            duration,
            body.reason() == null ? null : body.reason().strip(),
            clock.instant(),
            limits().grant()));
    return wf.view();
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
        directory(GrantDirectoryWorkflow::grants).stream()
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

  private GrantTypeConfig requestableType(Caller caller, String name) {
    requireShort(name, MAX_NAME_LENGTH, "grantType");
    GrantTypeConfig type =
        config
            .grantType(name)
            .orElseThrow(
                () ->
                    Refusal.badRequest(
                        "unknown_grant_type", "there is no grant type '" + name + "'"));
    Policy.checkMayRequest(config.spec(type), caller.principal());
    return type;
  }

  /**
   * The type's default, never past what this caller may have (a capability's period may be
   * shorter).
   */
  private static Duration defaultDuration(GrantTypeConfig type, GrantSpec spec) {
    return type.defaultDuration().compareTo(spec.maxDuration()) > 0
        ? spec.maxDuration()
        : type.defaultDuration();
  }

  /** A kubernetes grant's cluster: the one named, or the type's only cluster when none is. */
  private static TargetDevice resolveCluster(GrantTypeConfig type, String wanted) {
    List<String> clusters = type.target().clusters();
    if (wanted == null || wanted.isBlank()) {
      if (clusters.size() != 1) {
        throw Refusal.badRequest(
            "target_not_eligible",
            "'"
                + type.name()
                + "' grants access to several clusters ("
                + String.join(", ", clusters)
                + "): name one as the target");
      }
      return TargetDevice.cluster(clusters.get(0));
    }
    return TargetDevice.cluster(
        wanted.startsWith("cluster/") ? wanted.substring("cluster/".length()) : wanted);
  }

  private TargetDevice resolveTarget(Caller caller, String wanted) {
    if (wanted == null
        || wanted.isBlank()
        || wanted.equals(caller.nodeId())
        || wanted.equals(caller.deviceName())) {
      return ownDevice(caller);
    }
    Optional<DeviceInfo> found = find(inventory(false), wanted);
    if (found.isEmpty()) {
      found = find(inventory(true), wanted);
    }
    return found
        .map(GrantService::target)
        .orElseThrow(
            () ->
                Refusal.badRequest(
                    "target_not_eligible", "there is no device '" + wanted + "' on the tailnet"));
  }

  private static Optional<DeviceInfo> find(DeviceInventory inventory, String wanted) {
    return inventory.devices().stream()
        .filter(
            d ->
                wanted.equals(d.nodeId()) || wanted.equals(d.hostname()) || wanted.equals(d.name()))
        .findFirst();
  }

  private static TargetDevice ownDevice(Caller caller) {
    return new TargetDevice(caller.nodeId(), caller.deviceName(), caller.login(), List.of());
  }

  private static TargetDevice target(DeviceInfo d) {
    return new TargetDevice(d.nodeId(), d.hostname(), d.user(), d.tags());
  }

  /**
   * The tailnet's devices: the directory's inventory, listed again when older than the refresh
   * interval. {@code unknownTarget} (a name the inventory lacks) asks for a listing too, but the
   * directory still lists at most once per interval, so no requester can spend the OAuth client's
   * rate limit.
   */
  private DeviceInventory inventory(boolean unknownTarget) {
    Duration interval = limits().inventoryRefreshInterval();
    DeviceInventory current = directory(GrantDirectoryWorkflow::devices);
    boolean stale =
        current.listedAt() == null || current.listedAt().plus(interval).isBefore(clock.instant());
    return unknownTarget || stale ? directory(d -> d.refreshDevices(interval)) : current;
  }

  private <T> T directory(java.util.function.Function<GrantDirectoryWorkflow, T> call) {
    return Directory.call(client, config.temporal().taskQueue(), call);
  }

  /** A list for {@code view}: mine, approvals (waiting for me), active or all (admins only). */
  public List<GrantSummary> list(Caller caller, String view) {
    String v = view == null || view.isBlank() ? "mine" : view;
    List<GrantSummary> all = directory(GrantDirectoryWorkflow::grants);
    return switch (v) {
      case "mine" -> all.stream().filter(g -> g.requester().equals(caller.login())).toList();
      case "approvals" ->
          all.stream()
              .filter(
                  g ->
                      g.status() == GrantStatus.PENDING_APPROVAL
                          && g.approvers().contains(caller.login())
                          && !g.requester().equals(caller.login())
                          && isApproverNow(caller, g.grantType()))
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

  /** A grant, if {@code caller} may see it; anyone else is told it does not exist. */
  public GrantView get(Caller caller, String id) {
    if (!GrantIds.isWellFormed(id)) {
      throw notFound(id);
    }
    GrantView view;
    try {
      view = stub(id).view();
    } catch (WorkflowNotFoundException e) {
      throw notFound(id);
    } catch (WorkflowServiceException e) {
      if (e.getCause() instanceof WorkflowNotFoundException
          || String.valueOf(e.getMessage()).contains("NOT_FOUND")) {
        throw notFound(id);
      }
      throw e;
    }
    if (!Policy.mayView(currentApprovers(view), admins(), view.requester(), caller.login())) {
      throw notFound(id);
    }
    return view;
  }

  public GrantView approve(Caller caller, String id, String comment) {
    requireShort(comment, limits().grant().maxTextLength(), "comment");
    GrantView view = get(caller, id);
    checkStillApprover(caller, view);
    return update(() -> stub(id).approve(new Decision(caller.login(), comment, id)));
  }

  public GrantView deny(Caller caller, String id, String comment) {
    requireShort(comment, limits().grant().maxTextLength(), "comment");
    GrantView view = get(caller, id);
    checkStillApprover(caller, view);
    return update(() -> stub(id).deny(new Decision(caller.login(), comment, id)));
  }

  public GrantView revoke(Caller caller, String id, String reason) {
    requireShort(reason, limits().grant().maxTextLength(), "reason");
    get(caller, id);
    return update(() -> stub(id).revoke(new RevokeRequest(caller.login(), reason, id)));
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
    return update(() -> stub(id).extend(new ExtendRequest(caller.login(), d, id)));
  }

  /**
   * A grant keeps the approvers it was requested with, but a decision must also be allowed by the
   * config in force now: someone removed from the approvers' group decides nothing more.
   */
  private void checkStillApprover(Caller caller, GrantView view) {
    if (view.approvers().contains(caller.login()) && !isApproverNow(caller, view.grantType())) {
      throw Refusal.forbidden(
          caller.login() + " is no longer an approver for '" + view.grantType() + "'");
    }
  }

  /**
   * A kubernetes grant's kubeconfig for its requester: empty while the grant is not active yet; 404
   * for anyone else, 409 for other kinds, 410 once it has ended.
   */
  public Optional<KubeconfigFile> kubeconfig(Caller caller, String id) {
    GrantView view = get(caller, id);
    if (!view.requester().equals(caller.login())) {
      throw notFound(id);
    }
    if (view.kind() != GrantKind.KUBERNETES) {
      throw new Refusal(
          Refusal.Kind.CONFLICT,
          "not_kubernetes",
          "grant "
              + id
              + " is a "
              + view.kind().wire()
              + " grant; only kubernetes grants have a kubeconfig");
    }
    if (view.status() == GrantStatus.PENDING_APPROVAL || view.status() == GrantStatus.ACTIVATING) {
      return Optional.empty();
    }
    if (view.status() != GrantStatus.ACTIVE) {
      throw Refusal.gone("grant " + id + " is " + view.status().wire() + ": its access has ended");
    }
    // A key pair for this request only: the token comes back sealed to it, so Temporal's history
    // (and whoever decodes it) sees ciphertext, and the private half dies with this call.
    KeyPair recipient = RecipientSeal.newRecipient();
    try {
      IssuedKubeconfig issued =
          update(
              () ->
                  stub(id)
                      .kubeconfig(
                          new KubeconfigRequest(
                              caller.login(), id, RecipientSeal.publicKey(recipient))));
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

  private boolean isApproverNow(Caller caller, String grantType) {
    return config
        .grantType(grantType)
        .map(t -> config.spec(t).approvers().contains(caller.login()))
        .orElse(false);
  }

  /**
   * The grant's approvers who are still approvers of its type in the config in force: rights that
   * come from a role (approver, admin) end when the role does, also for grants already running.
   */
  Set<String> currentApprovers(GrantView view) {
    Set<String> now =
        config.grantType(view.grantType()).map(t -> config.spec(t).approvers()).orElse(Set.of());
    return view.approvers().stream()
        .filter(now::contains)
        .collect(java.util.stream.Collectors.toSet());
  }

  private <T> T update(Supplier<T> call) {
    try {
      return call.get();
    } catch (WorkflowUpdateException e) {
      throw RefusalFailures.fromFailure(e)
          .orElseGet(() -> Refusal.conflict(io.tailgrant.temporal.FailureMessages.rootMessage(e)));
    } catch (WorkflowNotFoundException e) {
      throw Refusal.conflict("grant has ended");
    } catch (WorkflowServiceException e) {
      if (String.valueOf(e.getMessage()).contains("completed")
          || e.getCause() instanceof WorkflowNotFoundException) {
        throw Refusal.conflict("grant has ended");
      }
      throw e;
    }
  }

  private GrantWorkflow stub(String id) {
    return client.newWorkflowStub(GrantWorkflow.class, GrantIds.grantWorkflowId(id));
  }

  private static Refusal notFound(String id) {
    return Refusal.notFound("no grant '" + id + "'");
  }
}
