package io.tailgrant.grant;

import static io.tailgrant.temporal.FailureMessages.rootMessage;

import io.tailgrant.approval.ApprovalDecision;
import io.tailgrant.approval.ApprovalInput;
import io.tailgrant.approval.ApprovalResult;
import io.tailgrant.approval.ApprovalWorkflow;
import io.tailgrant.audit.AuditEvent;
import io.tailgrant.audit.LogSafe;
import io.tailgrant.device.AssetExtension;
import io.tailgrant.device.DeviceAsset;
import io.tailgrant.device.DeviceChangeActivities;
import io.tailgrant.directory.DirectoryActivities;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.kubernetes.IssuedKubeconfig;
import io.tailgrant.kubernetes.KubeconfigRequest;
import io.tailgrant.kubernetes.KubernetesAccess;
import io.tailgrant.kubernetes.KubernetesActivities;
import io.tailgrant.temporal.Retries;
import io.tailgrant.temporal.TemporalNames;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * A grant's life as one durable function. The timer starts at activation; revoke and extend
 * interrupt it through Updates; removal retries until it succeeds.
 */
public class GrantWorkflowImpl implements GrantWorkflow {
  private static final Logger log = Workflow.getLogger(GrantWorkflowImpl.class);

  /**
   * How far a run's start may lie from its request's time (clock skew between server and Temporal).
   */
  private static final Duration FRESH_START = Duration.ofMinutes(2);

  /** How long an approve or revoke call waits to report the state it led to. */
  private static final Duration SETTLE_WAIT = Duration.ofSeconds(10);

  private static final String TAILGRANT = "tailgrant";

  /**
   * Adding access: the device manager bounds the API retries and refuses when they run out; this
   * stub only waits for its answer (attempts are short waits on the same Update), for at most 10
   * min.
   */
  private final DeviceChangeActivities addAccess =
      Workflow.newActivityStub(
          DeviceChangeActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setScheduleToCloseTimeout(Duration.ofMinutes(10))
              .setRetryOptions(Retries.adding(0))
              .build());

  /**
   * The same, as a local activity: it runs inside the grant's workflow task (activation latency).
   */
  private final DeviceChangeActivities addAccessLocally =
      Workflow.newLocalActivityStub(
          DeviceChangeActivities.class,
          LocalActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setScheduleToCloseTimeout(Duration.ofMinutes(10))
              .setRetryOptions(Retries.adding(0))
              .build());

  /** Removing access never gives up. */
  private final DeviceChangeActivities removeAccess =
      Workflow.newActivityStub(
          DeviceChangeActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(Retries.UNTIL_DONE)
              .build());

  /**
   * Kubernetes changes: adding is bounded (a 403 from RBAC or a 422 is final at once), removing
   * never gives up, and a kubeconfig is worth a few quick tries while the requester waits.
   */
  private final KubernetesActivities addKubernetes =
      Workflow.newActivityStub(
          KubernetesActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setScheduleToCloseTimeout(Duration.ofMinutes(5))
              .setRetryOptions(Retries.adding(8))
              .build());

  private final KubernetesActivities removeKubernetes =
      Workflow.newActivityStub(
          KubernetesActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(Retries.UNTIL_DONE)
              .build());
  private final KubernetesActivities mintKubernetes =
      Workflow.newActivityStub(
          KubernetesActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(15))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofMillis(500))
                      .setMaximumAttempts(3)
                      .build())
              .build());

  /**
   * The worker's own rules, asked inside the first workflow task (the input is in history already).
   */
  private final GrantRulesActivities rules =
      Workflow.newLocalActivityStub(
          GrantRulesActivities.class,
          LocalActivityOptions.newBuilder()
              .setDoNotIncludeArgumentsIntoMarker(true)
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
              .build());

  private final DirectoryActivities directory =
      Workflow.newActivityStub(
          DirectoryActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(
                  RetryOptions.newBuilder().setMaximumInterval(Duration.ofSeconds(30)).build())
              .build());

  private final GrantInput input;
  private final GrantSpec spec;
  private final List<TimelineEvent> timeline = new ArrayList<>();
  private final List<Approval> approvals = new ArrayList<>();
  private GrantStatus status;
  private Instant requestedAt;
  private Instant activatedAt;
  private Instant expiresAt;
  private Instant endedAt;
  private String failure;
  private RevokeRequest revokeRequest;
  private boolean endMoved;
  private long version;
  private ApprovalWorkflow approvalChild;
  private CancellationScope approvalScope;
  private Promise<Void> lastPublish;
  private int published;
  private Instant lastKubeconfigAt;
  private int kubeconfigsIssued;

  @WorkflowInit
  public GrantWorkflowImpl(GrantInput input) {
    this.input = input;
    this.spec = input.spec();
    this.requestedAt = now();
    this.status =
        spec.risk().needsApproval() ? GrantStatus.PENDING_APPROVAL : GrantStatus.ACTIVATING;
  }

  @Override
  public GrantView run(GrantInput ignored) {
    record(
        input.requester().login(),
        "requested",
        Durations.format(input.duration())
            + " on "
            + input.target().name()
            + (blank(input.reason()) ? "" : ": " + input.reason()));
    try {
      admit();
      Policy.checkMayRequest(spec, input.requester());
      Policy.checkDuration(spec, input.duration());
      Policy.checkReason(spec, input.reason());
      Policy.checkTarget(spec, input.requester(), input.target());
    } catch (Refusal r) {
      failure = r.getMessage();
      return finish(GrantStatus.FAILED, TAILGRANT, "refused", r.getMessage());
    }
    if (spec.risk().needsApproval()) {
      if (!awaitApproval()) {
        return view();
      }
    } else {
      record(TAILGRANT, "auto-approved", "risk " + spec.risk().wire());
    }
    if (revokeRequest != null) {
      return finish(GrantStatus.REVOKED, revokeRequest.actor(), "revoked", "before activation");
    }
    if (!activate()) {
      return view();
    }
    holdUntilEnd();
    return deactivate();
  }

  /**
   * Refuses a run the worker did not get from the server as a fresh request: one started under
   * another grant's workflow id, long after its request (an old input replayed by someone with
   * Temporal access), or whose grant type differs from the worker's own config.
   */
  private void admit() {
    // Histories recorded before version 1 were admitted without these checks.
    if (Workflow.getVersion("worker-rules", Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return;
    }
    if (!Workflow.getInfo().getWorkflowId().equals(GrantIds.grantWorkflowId(input.grantId()))) {
      throw Refusal.forbidden(
          "grant " + input.grantId() + " was started as " + Workflow.getInfo().getWorkflowId());
    }
    Instant started = Instant.ofEpochMilli(Workflow.getInfo().getRunStartedTimestampMillis());
    if (input.requestedAt() == null
        || Duration.between(input.requestedAt(), started).abs().compareTo(FRESH_START) > 0) {
      throw Refusal.forbidden(
          "this run started at "
              + started
              + " for a request made at "
              + input.requestedAt()
              + ": a grant runs only from a fresh request");
    }
    String refusal;
    try {
      refusal = rules.refusal(input);
    } catch (ActivityFailure e) {
      refusal = "the worker could not check the grant type: " + rootMessage(e);
    }
    if (refusal != null) {
      throw Refusal.forbidden(refusal);
    }
  }

  /** True when approved; otherwise the grant is already finished as denied or revoked. */
  private boolean awaitApproval() {
    setStatus(GrantStatus.PENDING_APPROVAL);
    approvalChild =
        Workflow.newChildWorkflowStub(
            ApprovalWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(GrantIds.approvalWorkflowId(input.grantId()))
                .build());
    List<Promise<ApprovalResult>> result = new ArrayList<>(1);
    approvalScope =
        Workflow.newCancellationScope(
            () ->
                result.add(
                    Async.function(
                        approvalChild::run,
                        new ApprovalInput(
                            input.grantId(),
                            input.requester().login(),
                            spec.approvers(),
                            spec.approvalsRequired(),
                            spec.approvalTimeout()))));
    approvalScope.run();
    Workflow.await(() -> result.get(0).isCompleted() || revokeRequest != null);
    if (!result.get(0).isCompleted()) {
      approvalScope.cancel();
      finish(GrantStatus.REVOKED, revokeRequest.actor(), "revoked", "before approval");
      return false;
    }
    ApprovalResult outcome;
    try {
      outcome = result.get(0).get();
    } catch (CanceledFailure | io.temporal.failure.ChildWorkflowFailure e) {
      failure = "approval ended unexpectedly: " + rootMessage(e);
      finish(GrantStatus.DENIED, TAILGRANT, "denied", failure);
      return false;
    }
    switch (outcome.outcome()) {
      case APPROVED -> {
        return true;
      }
      case DENIED -> {
        ApprovalDecision deny =
            outcome.decisions().stream().filter(d -> !d.approve()).findFirst().orElseThrow();
        finish(GrantStatus.DENIED, deny.actor(), "denied", deny.comment());
        return false;
      }
      default -> {
        finish(
            GrantStatus.DENIED,
            TAILGRANT,
            "approval timed out",
            "no decision within " + Durations.format(spec.approvalTimeout()));
        return false;
      }
    }
  }

  /** Applies the grant's asset; true when active, otherwise finished as failed (and cleaned up). */
  private boolean activate() {
    activatedAt = now();
    expiresAt = activatedAt.plus(input.duration());
    setStatus(GrantStatus.ACTIVATING);
    try {
      if (spec.kind().onDevice()) {
        // Histories recorded before version 1 scheduled a (remote) activity here.
        if (Workflow.getVersion("local-apply", Workflow.DEFAULT_VERSION, 1) == 1) {
          addAccessLocally.applyAsset(input.target().nodeId(), asset());
        } else {
          addAccess.applyAsset(input.target().nodeId(), asset());
        }
      } else {
        addKubernetes.provision(
            new KubernetesAccess(
                input.grantId(),
                input.target().name(),
                spec.kubernetes(),
                input.requester().login(),
                expiresAt));
      }
    } catch (ActivityFailure e) {
      failure = rootMessage(e);
      log.warn("grant {} activation failed: {}", input.grantId(), LogSafe.quote(failure));
      record(TAILGRANT, "activation failed", failure);
      release();
      activatedAt = null;
      expiresAt = null;
      finish(GrantStatus.FAILED, TAILGRANT, "failed", "whatever was added has been removed");
      return false;
    }
    record(TAILGRANT, "activated", "until " + expiresAt);
    setStatus(GrantStatus.ACTIVE);
    return true;
  }

  private void holdUntilEnd() {
    while (revokeRequest == null) {
      Duration left = Duration.between(now(), expiresAt);
      if (left.isNegative() || left.isZero()) {
        return;
      }
      endMoved = false;
      Workflow.await(left, () -> revokeRequest != null || endMoved);
    }
  }

  private GrantView deactivate() {
    setStatus(GrantStatus.DEACTIVATING);
    release();
    if (revokeRequest != null) {
      return finish(GrantStatus.REVOKED, revokeRequest.actor(), "revoked", revokeRequest.reason());
    }
    return finish(GrantStatus.EXPIRED, TAILGRANT, "expired", "access removed");
  }

  /** Removes whatever this grant added; never gives up. */
  private void release() {
    if (spec.kind().onDevice()) {
      removeAccess.releaseAsset(input.target().nodeId(), input.grantId());
    } else {
      removeKubernetes.deprovision(input.target().name(), input.grantId());
    }
  }

  private DeviceAsset asset() {
    return new DeviceAsset(input.grantId(), spec.kind(), spec.tags(), spec.posture(), expiresAt);
  }

  // ---- Updates -------------------------------------------------------------------------------

  @Override
  public void validateApprove(Decision decision) {
    validateDecision(decision);
  }

  @Override
  public GrantView approve(Decision decision) {
    approvals.add(new Approval(decision.actor(), "approve", decision.comment(), now()));
    record(decision.actor(), "approved", decision.comment());
    approvalChild.decide(
        new ApprovalDecision(decision.actor(), true, decision.comment(), now(), input.grantId()));
    long approved = approvals.stream().filter(a -> a.decision().equals("approve")).count();
    if (approved >= spec.approvalsRequired()) {
      Workflow.await(
          SETTLE_WAIT,
          () -> status != GrantStatus.PENDING_APPROVAL && status != GrantStatus.ACTIVATING);
    }
    return view();
  }

  @Override
  public void validateDeny(Decision decision) {
    validateDecision(decision);
  }

  @Override
  public GrantView deny(Decision decision) {
    approvals.add(new Approval(decision.actor(), "deny", decision.comment(), now()));
    approvalChild.decide(
        new ApprovalDecision(decision.actor(), false, decision.comment(), now(), input.grantId()));
    Workflow.await(SETTLE_WAIT, () -> status != GrantStatus.PENDING_APPROVAL);
    return view();
  }

  private void validateDecision(Decision decision) {
    guard(
        () -> {
          requireThisGrant(decision.grantId());
          requireShortText(decision.comment(), "comment");
          requireStatus(GrantStatus.PENDING_APPROVAL);
          Policy.checkMayDecide(spec, input.requester().login(), decision.actor());
          if (approvalChild == null) {
            throw Refusal.conflict("approval has not started yet; try again");
          }
          if (approvals.stream().anyMatch(a -> a.actor().equals(decision.actor()))) {
            throw Refusal.conflict(decision.actor() + " has already decided on this grant");
          }
        });
  }

  @Override
  public void validateRevoke(RevokeRequest request) {
    guard(
        () -> {
          requireThisGrant(request.grantId());
          requireShortText(request.reason(), "reason");
          requireStatus(GrantStatus.PENDING_APPROVAL, GrantStatus.ACTIVATING, GrantStatus.ACTIVE);
          Policy.checkMayRevoke(spec, input.requester().login(), request.actor());
          if (revokeRequest != null) {
            throw Refusal.conflict("grant is already being revoked");
          }
        });
  }

  @Override
  public GrantView revoke(RevokeRequest request) {
    revokeRequest = request;
    record(request.actor(), "revoke requested", request.reason());
    Workflow.await(SETTLE_WAIT, () -> !status.isOpen());
    return view();
  }

  @Override
  public void validateExtend(ExtendRequest request) {
    guard(
        () -> {
          requireThisGrant(request.grantId());
          requireStatus(GrantStatus.ACTIVE);
          Policy.checkMayExtend(spec, input.requester().login(), request.actor());
          Duration smallest = input.limitsOrDefault().minExtension();
          if (request.by() == null || request.by().compareTo(smallest) < 0) {
            throw Refusal.badRequest(
                "extension_too_small", "an extension is at least " + Durations.format(smallest));
          }
          if (revokeRequest != null) {
            throw Refusal.conflict("grant is being revoked");
          }
          Policy.extendedEnd(spec, activatedAt, expiresAt, request.by());
        });
  }

  @Override
  public GrantView extend(ExtendRequest request) {
    Instant newEnd = Policy.extendedEnd(spec, activatedAt, expiresAt, request.by());
    try {
      if (spec.kind().onDevice()) {
        addAccess.extendAsset(input.target().nodeId(), new AssetExtension(input.grantId(), newEnd));
      } else {
        addKubernetes.extend(input.target().name(), input.grantId(), newEnd);
      }
    } catch (ActivityFailure e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "extension failed: " + rootMessage(e), "ExtendFailed");
    }
    if (status == GrantStatus.ACTIVE && revokeRequest == null) {
      Instant old = expiresAt;
      expiresAt = newEnd;
      endMoved = true;
      record(request.actor(), "extended", "from " + old + " to " + newEnd);
      publish();
    }
    return view();
  }

  @Override
  public void validateKubeconfig(KubeconfigRequest request) {
    guard(
        () -> {
          requireThisGrant(request.grantId());
          if (!request.actor().equals(input.requester().login())) {
            throw Refusal.notFound("no grant '" + input.grantId() + "'");
          }
          if (request.recipientKey() == null || request.recipientKey().isBlank()) {
            throw Refusal.badRequest(
                "no_recipient_key",
                "a kubeconfig is sealed to the asking server's key: none was sent");
          }
          if (spec.kind() != GrantKind.KUBERNETES) {
            throw new Refusal(
                Refusal.Kind.CONFLICT,
                "not_kubernetes",
                "'"
                    + spec.name()
                    + "' is a "
                    + spec.kind().wire()
                    + " grant; only kubernetes grants have a kubeconfig");
          }
          if (!status.isOpen() || status == GrantStatus.DEACTIVATING || revokeRequest != null) {
            throw Refusal.gone("grant has ended");
          }
          if (status != GrantStatus.ACTIVE) {
            throw new Refusal(Refusal.Kind.CONFLICT, "not_ready", "grant is " + status.wire());
          }
          GrantLimits limits = input.limitsOrDefault();
          if (kubeconfigsIssued >= limits.kubeconfigsPerGrant()) {
            throw new Refusal(
                Refusal.Kind.TOO_MANY_REQUESTS,
                "kubeconfig_limit",
                "this grant has issued its "
                    + limits.kubeconfigsPerGrant()
                    + " kubeconfigs; request a new grant");
          }
          if (lastKubeconfigAt != null
              && now().isBefore(lastKubeconfigAt.plus(limits.kubeconfigInterval()))) {
            long wait =
                Duration.between(now(), lastKubeconfigAt.plus(limits.kubeconfigInterval()))
                        .toSeconds()
                    + 1;
            throw Refusal.tooMany(
                "kubeconfig_rate",
                "a kubeconfig was issued moments ago; ask again in " + wait + " s",
                wait);
          }
        });
  }

  @Override
  public IssuedKubeconfig kubeconfig(KubeconfigRequest request) {
    lastKubeconfigAt = now();
    kubeconfigsIssued++;
    IssuedKubeconfig issued =
        mintKubernetes.mintKubeconfig(
            input.target().name(), input.grantId(), expiresAt, request.recipientKey());
    record(request.actor(), "kubeconfig issued", "token valid until " + issued.tokenExpiresAt());
    publish();
    return issued;
  }

  @Override
  public GrantView view() {
    return new GrantView(
        input.grantId(),
        spec.name(),
        spec.kind(),
        spec.risk(),
        input.requester().login(),
        input.requester().deviceName(),
        input.target(),
        status,
        input.reason(),
        input.duration(),
        List.copyOf(spec.approvers()),
        requestedAt,
        activatedAt,
        expiresAt,
        endedAt,
        List.copyOf(approvals),
        List.copyOf(timeline),
        failure,
        spec.kubernetes());
  }

  // ---- Helpers -------------------------------------------------------------------------------

  /**
   * A request names the grant it is for: one copied from another grant's history is refused here.
   */
  private void requireThisGrant(String grantId) {
    if (!input.grantId().equals(grantId)) {
      throw Refusal.forbidden("this request is for grant " + grantId + ", not " + input.grantId());
    }
  }

  private void requireShortText(String text, String field) {
    int max = input.limitsOrDefault().maxTextLength();
    if (text != null && text.length() > max) {
      throw Refusal.badRequest(
          field + "_too_long", "a " + field + " is at most " + max + " characters");
    }
  }

  private void requireStatus(GrantStatus... allowed) {
    for (GrantStatus s : allowed) {
      if (status == s) {
        return;
      }
    }
    throw Refusal.conflict("grant is " + status.wire());
  }

  private static void guard(Runnable check) {
    try {
      check.run();
    } catch (Refusal r) {
      throw RefusalFailures.toFailure(r);
    }
  }

  private GrantView finish(GrantStatus end, String actor, String action, String detail) {
    endedAt = now();
    record(actor, action, detail);
    setStatus(end);
    // A workflow that completes abandons its pending activities: make sure lists learn the end.
    lastPublish.get();
    return view();
  }

  private void setStatus(GrantStatus next) {
    status = next;
    Workflow.upsertTypedSearchAttributes(
        TemporalNames.REQUESTER.valueSet(input.requester().login()),
        TemporalNames.GRANT_TYPE.valueSet(spec.name()),
        TemporalNames.TARGET.valueSet(input.target().name()),
        TemporalNames.STATUS.valueSet(next.wire()));
    publish();
  }

  /** Tells the directory without waiting: lists may lag a moment, the grant never does. */
  private void publish() {
    version++;
    List<AuditEvent> events =
        timeline.subList(published, timeline.size()).stream()
            .map(
                e ->
                    new AuditEvent(
                        input.grantId() + "/" + e.seq(),
                        input.grantId(),
                        e.seq(),
                        e.at(),
                        e.actor(),
                        e.action(),
                        e.detail(),
                        spec.name(),
                        input.requester().login(),
                        input.target().name()))
            .toList();
    published = timeline.size();
    lastPublish =
        Async.procedure(
            directory::publish,
            new GrantSummary(
                input.grantId(),
                spec.name(),
                spec.kind(),
                spec.risk(),
                input.requester().login(),
                input.target().nodeId(),
                input.target().name(),
                spec.tags(),
                spec.posture() == null ? null : spec.posture().key(),
                status,
                List.copyOf(spec.approvers()),
                List.copyOf(spec.admins()),
                input.reason(),
                requestedAt,
                activatedAt,
                expiresAt,
                endedAt,
                version),
            events);
  }

  private void record(String actor, String action, String detail) {
    timeline.add(
        new TimelineEvent(
            timeline.size() + 1, now(), actor, action, blank(detail) ? null : detail));
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
