package io.tailgrant.grant;

import io.tailgrant.audit.AuditEvent;
import io.tailgrant.directory.GrantSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One grant's state as its workflow keeps it, and the pure projections of that state: the view the
 * API shows, the summary lists read, the facts {@link GrantRules} decides on, and the audit events
 * not yet published. No Temporal call in here.
 */
final class GrantRecord {
  final GrantInput input;
  final GrantSpec spec;
  final List<TimelineEvent> timeline = new ArrayList<>();
  final List<Approval> approvals = new ArrayList<>();
  final Instant requestedAt;
  GrantStatus status;

  /** When the grant entered {@link #status}. */
  Instant statusSince;

  Instant activatedAt;
  Instant expiresAt;
  Instant endedAt;
  String failure;
  RevokeRequest revokeRequest;

  /** The end moved (an extension) since the life last looked: its wait starts anew. */
  boolean endMoved;

  long version;
  int published;
  Instant lastKubeconfigAt;
  int kubeconfigsIssued;
  Instant authKeyIssuedAt;

  /** A break-glass grant's review deadline (set as it activates) and its review once done. */
  Instant reviewBy;

  Review review;

  GrantRecord(GrantInput input, Instant requestedAt) {
    this.input = input;
    this.spec = input.spec();
    this.requestedAt = requestedAt;
    this.status = input.initialStatus();
    this.statusSince = requestedAt;
  }

  /** Adds a timeline event; empty details are left out. */
  void record(Instant at, String actor, String action, String detail) {
    timeline.add(
        new TimelineEvent(
            timeline.size() + 1,
            at,
            actor,
            action,
            detail == null || detail.isBlank() ? null : detail));
  }

  GrantView view() {
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
        spec.kubernetes(),
        spec.userRole(),
        authKeyIssuedAt,
        input.ticket(),
        spec.roleCapability(),
        Quorum.of(spec, input.requester().login()).progress(approvals),
        approvedDuration(),
        ApprovedDuration.shortenedBy(input.duration(), approvals).orElse(null),
        input.breakGlass(),
        reviewBy,
        review,
        GrantView.reviewersOf(input),
        input.startsAt());
  }

  /** How long access lasts once it starts: as asked, or as the shortest approval says. */
  Duration approvedDuration() {
    return ApprovedDuration.of(input.duration(), approvals);
  }

  GrantFacts facts() {
    return new GrantFacts(
        input.grantId(),
        spec.name(),
        spec.kind(),
        input.requester().login(),
        status,
        spec.approvers(),
        spec.admins(),
        spec.approvalsRequired(),
        approvals,
        revokeRequest != null,
        activatedAt,
        expiresAt,
        spec.maxDuration(),
        input.limitsOrDefault(),
        lastKubeconfigAt,
        kubeconfigsIssued,
        authKeyIssuedAt != null,
        spec.roleCapability() != null,
        !spec.approvalStages().isEmpty(),
        ApprovedDuration.shortenedBy(input.duration(), approvals)
            .map(Approval::duration)
            .orElse(null),
        input.breakGlass()
            ? new BreakGlassState(Set.copyOf(GrantView.reviewersOf(input)), reviewBy, review)
            : null);
  }

  GrantSummary summary() {
    return GrantSummary.of(
            input,
            status,
            requestedAt,
            activatedAt,
            expiresAt,
            endedAt,
            version,
            statusSince,
            approvals.stream()
                .filter(a -> a.byCapability() && a.verdict() == Verdict.APPROVE)
                .map(Approval::actor)
                .toList())
        .withReview(reviewBy, review == null ? null : review.decision());
  }

  /** The timeline events not yet handed to the audit trail, as audit events; marks them handed. */
  List<AuditEvent> takeUnpublishedEvents() {
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
    return events;
  }
}
