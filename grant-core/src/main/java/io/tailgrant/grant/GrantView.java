package io.tailgrant.grant;

import io.tailgrant.kubernetes.KubernetesRole;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A grant as the API shows it: its state, who did what, and when it ends. {@code userRole} is the
 * tailnet role a user-role grant gives; {@code authKeyIssuedAt} when an auth-key grant's key was
 * handed to its requester (it is shown once); {@code ticket} the requester's ticket (null: none);
 * {@code roleCapability} the app capability whose roles count on the grant (null: only the YAML
 * config's); {@code approvalStages} how far each stage of a staged approval has come (empty without
 * stages). {@code approvedDuration} is how long access lasts once it starts: {@code duration} as
 * asked, or shorter when an approver approved it for less ({@code shortenedBy}, with their comment
 * saying why; null when nobody shortened it). See {@link ApprovedDuration}. {@code breakGlass}: the
 * requester broke glass (active without approval); such a grant must be reviewed by one of {@code
 * reviewers} before {@code reviewBy} (null until it is active), and {@code review} is that review
 * once done (see {@link BreakGlassRules}). {@code startsAt} is the start a scheduled request named
 * (null: it starts when approved); see {@link ScheduledStart}.
 */
public record GrantView(
    String id,
    String grantType,
    GrantKind kind,
    Risk risk,
    String requester,
    String requesterDevice,
    TargetDevice target,
    GrantStatus status,
    String reason,
    Duration duration,
    List<String> approvers,
    Instant requestedAt,
    Instant activatedAt,
    Instant expiresAt,
    Instant endedAt,
    List<Approval> approvals,
    List<TimelineEvent> timeline,
    String failure,
    KubernetesRole kubernetes,
    String userRole,
    Instant authKeyIssuedAt,
    String ticket,
    String roleCapability,
    List<StageProgress> approvalStages,
    Duration approvedDuration,
    Approval shortenedBy,
    boolean breakGlass,
    Instant reviewBy,
    Review review,
    List<String> reviewers,
    Instant startsAt) {

  public GrantView {
    approvalStages = approvalStages == null ? List.of() : List.copyOf(approvalStages);
    reviewers = reviewers == null ? List.of() : List.copyOf(reviewers);
  }

  /**
   * The grant {@code input} asks for, as accepted: before its workflow's first task it has no
   * timeline yet, and its status is where it starts.
   */
  public static GrantView submitted(GrantInput input) {
    GrantSpec spec = input.spec();
    return new GrantView(
        input.grantId(),
        spec.name(),
        spec.kind(),
        spec.risk(),
        input.requester().login(),
        input.requester().deviceName(),
        input.target(),
        input.initialStatus(),
        input.reason(),
        input.duration(),
        List.copyOf(spec.approvers()),
        input.requestedAt(),
        null,
        null,
        null,
        List.of(),
        List.of(),
        null,
        spec.kubernetes(),
        spec.userRole(),
        null,
        input.ticket(),
        spec.roleCapability(),
        Quorum.of(spec, input.requester().login()).progress(List.of()),
        input.duration(),
        null,
        input.breakGlass(),
        null,
        null,
        reviewersOf(input),
        input.startsAt());
  }

  /** Who reviews a break-glass grant of {@code input}, sorted; empty for any other grant. */
  public static List<String> reviewersOf(GrantInput input) {
    BreakGlass rule = input.spec().breakGlass();
    return !input.breakGlass() || rule == null
        ? List.of()
        : rule.reviewers().stream().sorted().toList();
  }
}
