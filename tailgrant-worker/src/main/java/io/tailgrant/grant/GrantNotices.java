package io.tailgrant.grant;

import static io.tailgrant.temporal.FailureMessages.rootMessage;

import io.tailgrant.notify.EventKind;
import io.tailgrant.notify.NotifierActivities;
import io.tailgrant.notify.NotifyOutcome;
import io.tailgrant.notify.NotifyPlan;
import io.tailgrant.notify.NotifyRequest;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a grant tells whom, as its {@link NotifyPlan} says: each event becomes one notifier activity
 * per channel, started without waiting, so no channel can delay or fail the grant. Each outcome
 * becomes a timeline entry ({@code notified} or {@code notification failed}, with channel and
 * recipients), and so an audit event. Only a finished grant waits for them (bounded by the
 * activities' schedule-to-close), so its last messages are not abandoned. Off when the grant's
 * snapshot has no plan: then nothing here adds a command to its history. Workflow code.
 */
final class GrantNotices {
  // The CLI's Login skips entries with these actions when it says who ended a grant.
  static final String NOTIFIED = "notified";
  static final String FAILED = "notification failed";
  private static final String TAILGRANT = "tailgrant";

  private final GrantRecord grant;
  private final NotifyPlan plan;
  private final NotifierActivities notifier;
  private final GrantPublication publication;
  private final List<Promise<Void>> pending = new ArrayList<>();
  private int seq;
  private Instant remindedFor;
  private boolean auditPerEvent;

  /** {@code plan} null: off. */
  GrantNotices(
      GrantRecord grant,
      NotifyPlan plan,
      NotifierActivities notifier,
      GrantPublication publication) {
    this.grant = grant;
    this.plan = plan;
    this.notifier = notifier;
    this.publication = publication;
  }

  /**
   * Version 1 of "notify-audit-per-event": an event's deliveries on all its channels go to the
   * audit trail in one activity once they all finished, instead of one activity per channel (half
   * the audit activities with two channels); set once the run has asked.
   */
  void auditPerEvent(boolean on) {
    this.auditPerEvent = on;
  }

  // ---- Approvers ------------------------------------------------------------------------------

  /** The request now waits for its approvers. */
  void requestWaiting() {
    send(EventKind.REQUEST_WAITING, channels(), undecidedApprovers(), null, null);
  }

  /** How long after the approval starts its reminder is due; null for none. */
  Duration approvalReminderAfter() {
    return approvalReminderAfter(grant.spec.approvalTimeout());
  }

  /** As above, for approvers given {@code window} (a scheduled grant's: until its start). */
  Duration approvalReminderAfter(Duration window) {
    if (channels().isEmpty() || plan.approvalReminderBefore() == null) {
      return null;
    }
    Duration after = window.minus(plan.approvalReminderBefore());
    return after.isNegative() || after.isZero() ? null : after;
  }

  /** The approval is about to time out: remind who has not decided, and escalate if configured. */
  void approvalReminder() {
    send(EventKind.APPROVAL_REMINDER, channels(), undecidedApprovers(), null, null);
    send(EventKind.ESCALATION, channels(), withoutRequester(plan.escalateTo()), null, null);
  }

  // ---- Requester ------------------------------------------------------------------------------

  /**
   * Approved: by whom, with the last approver's comment, or, when an approver approved it for less
   * time than was asked, for how long and their comment (the requester learns why).
   */
  void approved() {
    List<Approval> yes =
        grant.approvals.stream().filter(a -> a.verdict() == Verdict.APPROVE).toList();
    String by = yes.stream().map(Approval::actor).collect(Collectors.joining(", "));
    String comment = yes.isEmpty() ? null : yes.get(yes.size() - 1).comment();
    Approval shortened =
        ApprovedDuration.shortenedBy(grant.input.duration(), grant.approvals).orElse(null);
    if (shortened != null) {
      comment =
          ApprovedDuration.phrase(grant.input.duration(), shortened.duration())
              + ", by "
              + shortened.actor()
              + (shortened.comment() == null ? "" : ": " + shortened.comment());
    }
    toRequester(EventKind.APPROVED, by.isEmpty() ? null : by, comment);
  }

  void active() {
    toRequester(EventKind.ACTIVE, null, null);
  }

  /** When to remind the requester that the access ends; null when not (again) for this end. */
  Instant expiryReminderAt() {
    if (channels().isEmpty()
        || plan.expiryReminderBefore() == null
        || grant.expiresAt == null
        || grant.expiresAt.equals(remindedFor)) {
      return null;
    }
    Instant at = grant.expiresAt.minus(plan.expiryReminderBefore());
    // A grant shorter than the reminder window is told its end when it becomes active.
    return at.isAfter(grant.activatedAt) ? at : null;
  }

  void expiryReminder() {
    remindedFor = grant.expiresAt;
    toRequester(EventKind.EXPIRY_REMINDER, null, null);
  }

  /** The grant ended as {@code end}: tell the requester (and the admins of a failure). */
  void ended(GrantStatus end, String actor, String detail) {
    switch (end) {
      case EXPIRED -> toRequester(EventKind.EXPIRED, null, null);
      case REVOKED -> {
        if (!grant.input.requester().login().equals(actor)) {
          toRequester(EventKind.REVOKED, actor, detail);
        }
      }
      case DENIED -> toRequester(EventKind.DENIED, actor, detail);
      case FAILED -> {
        String why = grant.failure != null ? grant.failure : detail;
        toRequester(EventKind.FAILED, null, why);
        send(EventKind.FAILED, adminChannels(), admins(), null, why);
      }
      default -> {}
    }
  }

  // ---- Admins ---------------------------------------------------------------------------------

  /** How long removing access may take before the admins hear of it; null for no alert. */
  Duration removalAlertAfter() {
    return adminChannels().isEmpty() ? null : plan.removalAlertAfter();
  }

  void removalStuck() {
    send(
        EventKind.REMOVAL_STUCK,
        adminChannels(),
        admins(),
        null,
        "still not removed after " + Durations.format(plan.removalAlertAfter()));
  }

  // ---- Break-glass ----------------------------------------------------------------------------

  /**
   * The requester broke glass and the access is active: its reviewers and approvers (on the type's
   * channels) and the admins (on theirs) are told at once, with the review deadline.
   */
  void breakGlass() {
    String by = "review by " + grant.reviewBy;
    Set<String> reviewers = withoutRequester(GrantView.reviewersOf(grant.input));
    reviewers.addAll(withoutRequester(grant.spec.approvers()));
    send(EventKind.BREAK_GLASS, channels(), reviewers, null, by);
    send(EventKind.BREAK_GLASS, adminChannels(), withoutRequester(admins()), null, by);
  }

  /** Nobody reviewed it in time and it is being revoked: the alert to admins and reviewers. */
  void breakGlassUnreviewed(String why) {
    send(
        EventKind.BREAK_GLASS_UNREVIEWED,
        channels(),
        withoutRequester(GrantView.reviewersOf(grant.input)),
        null,
        why);
    send(EventKind.BREAK_GLASS_UNREVIEWED, adminChannels(), admins(), null, why);
  }

  /** Waits for every notification started so far: a completing workflow abandons them. */
  void awaitAll() {
    if (!pending.isEmpty()) {
      Workflow.await(() -> pending.stream().allMatch(Promise::isCompleted));
    }
  }

  // ---- Sending --------------------------------------------------------------------------------

  private void toRequester(EventKind kind, String actor, String comment) {
    send(kind, channels(), List.of(grant.input.requester().login()), actor, comment);
  }

  private void send(
      EventKind kind,
      List<String> channels,
      Collection<String> recipients,
      String actor,
      String comment) {
    if (plan == null || channels.isEmpty() || recipients.isEmpty()) {
      return;
    }
    String eventId = grant.input.grantId() + "/" + kind.wireName() + "/" + ++seq;
    List<String> to = List.copyOf(new TreeSet<>(recipients));
    List<Promise<Void>> sent = new ArrayList<>();
    for (String channel : channels) {
      NotifyRequest request =
          new NotifyRequest(
              eventId,
              kind,
              channel,
              to,
              WorkflowTimers.now(),
              grant.input.grantId(),
              grant.spec.name(),
              grant.input.requester().login(),
              grant.input.target().name(),
              grant.input.duration(),
              grant.input.reason(),
              actor,
              comment,
              grant.expiresAt);
      sent.add(Async.procedure(() -> deliver(request)));
    }
    if (!auditPerEvent) {
      pending.addAll(sent);
      return;
    }
    pending.add(
        Async.procedure(
            () -> {
              Workflow.await(() -> sent.stream().allMatch(Promise::isCompleted));
              publication.auditOnly(grant);
            }));
  }

  /** One channel's delivery, in its own workflow thread: its outcome goes on the timeline. */
  private void deliver(NotifyRequest request) {
    String what =
        request.kind().title()
            + ", via "
            + request.channel()
            + " to "
            + String.join(", ", request.recipients());
    try {
      NotifyOutcome outcome = notifier.send(request);
      if (outcome.delivered()) {
        grant.record(WorkflowTimers.now(), TAILGRANT, NOTIFIED, what);
      } else {
        grant.record(WorkflowTimers.now(), TAILGRANT, FAILED, what + ": " + outcome.detail());
      }
    } catch (ActivityFailure e) {
      grant.record(WorkflowTimers.now(), TAILGRANT, FAILED, what + ": " + rootMessage(e));
    }
    if (!auditPerEvent) {
      publication.auditOnly(grant);
    }
  }

  private List<String> channels() {
    return plan == null ? List.of() : plan.channels();
  }

  private List<String> adminChannels() {
    return plan == null ? List.of() : plan.adminChannels();
  }

  /** Approvers who may still decide: never the requester, nobody who voted. */
  private Set<String> undecidedApprovers() {
    Set<String> out = withoutRequester(grant.spec.approvers());
    grant.approvals.forEach(a -> out.remove(a.actor()));
    return out;
  }

  private Set<String> admins() {
    return new TreeSet<>(grant.spec.admins());
  }

  private Set<String> withoutRequester(Collection<String> logins) {
    Set<String> out = new TreeSet<>(logins);
    out.remove(grant.input.requester().login());
    return out;
  }
}
