package io.tailgrant.directory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.tailgrant.grant.BreakGlassRules;
import io.tailgrant.grant.BreakGlassState;
import io.tailgrant.grant.GrantFacts;
import io.tailgrant.grant.GrantInput;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.GrantSpec;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.Review;
import io.tailgrant.grant.ReviewDecision;
import io.tailgrant.grant.Risk;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * One grant as lists show it, with what it holds on its target ({@code tags} or {@code
 * attributeKey}) so reconciliation knows the desired state. {@code version} grows with each change
 * so the directory keeps the newest when publications arrive out of order. {@code requesterNodeId}
 * is the device it was requested from, so a deleted device's grants can be found, and {@code
 * statusSince} when it entered its status, so a removal that takes too long shows (both null in
 * summaries published before they were added). {@code ticket} is the requester's ticket (null:
 * none); {@code roleCapability} the app capability whose roles count on the grant (null: only the
 * YAML config's); {@code requestedByCapability} whether only that capability let its requester ask
 * (a policy change denies it while pending); {@code capabilityApprovals} who approved it only by
 * that capability (an offboarding withdraws their approval like any other); {@code stagedApproval}
 * whether its type approves in stages (where an approver by capability counts for nothing). {@code
 * breakGlass} whether its requester broke glass, with its {@code reviewers}, {@code reviewBy} and
 * {@code review} (the decision once reviewed, null before). {@code startsAt} is a scheduled grant's
 * start (null: it starts when approved). The last five, these four and the start are absent in
 * summaries published before them. Unknown properties are ignored, so a reader older than the
 * worker that wrote a summary still reads it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GrantSummary(
    String id,
    String grantType,
    GrantKind kind,
    Risk risk,
    String requester,
    String targetNodeId,
    String targetName,
    List<String> tags,
    String attributeKey,
    GrantStatus status,
    List<String> approvers,
    List<String> admins,
    String reason,
    Instant requestedAt,
    Instant activatedAt,
    Instant expiresAt,
    Instant endedAt,
    long version,
    String requesterNodeId,
    Instant statusSince,
    String ticket,
    String roleCapability,
    boolean requestedByCapability,
    List<String> capabilityApprovals,
    boolean stagedApproval,
    boolean breakGlass,
    Instant reviewBy,
    ReviewDecision review,
    List<String> reviewers,
    Instant startsAt) {

  /** Open grants first, newest request first; then ended ones, most recently ended first. */
  public static final Comparator<GrantSummary> LIST_ORDER =
      Comparator.comparing((GrantSummary g) -> !g.status().isOpen())
          .thenComparing(
              (GrantSummary g) -> g.status().isOpen() ? g.requestedAt() : g.endedAt(),
              Comparator.nullsLast(Comparator.reverseOrder()));

  public GrantSummary {
    reviewers = reviewers == null ? List.of() : List.copyOf(reviewers);
    tags = tags == null ? List.of() : List.copyOf(tags);
    approvers = approvers == null ? List.of() : List.copyOf(approvers);
    admins = admins == null ? List.of() : List.copyOf(admins);
    capabilityApprovals =
        capabilityApprovals == null ? List.of() : List.copyOf(capabilityApprovals);
  }

  /** The summary of the grant {@code input} asked for, at {@code status} and these times. */
  public static GrantSummary of(
      GrantInput input,
      GrantStatus status,
      Instant requestedAt,
      Instant activatedAt,
      Instant expiresAt,
      Instant endedAt,
      long version) {
    return of(
        input, status, requestedAt, activatedAt, expiresAt, endedAt, version, null, List.of());
  }

  /**
   * The same, saying since when the grant has been at {@code status} and who approved it only by
   * the tailnet policy's capability so far.
   */
  public static GrantSummary of(
      GrantInput input,
      GrantStatus status,
      Instant requestedAt,
      Instant activatedAt,
      Instant expiresAt,
      Instant endedAt,
      long version,
      Instant statusSince,
      List<String> capabilityApprovals) {
    GrantSpec spec = input.spec();
    return new GrantSummary(
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
        version,
        input.requester().nodeId(),
        statusSince,
        input.ticket(),
        spec.roleCapability(),
        input.requestedByCapability(),
        capabilityApprovals,
        !spec.approvalStages().isEmpty(),
        input.breakGlass(),
        null,
        null,
        GrantView.reviewersOf(input),
        input.startsAt());
  }

  /** This summary with a break-glass grant's review deadline and decision as they stand now. */
  public GrantSummary withReview(Instant reviewBy, ReviewDecision review) {
    return new GrantSummary(
        id,
        grantType,
        kind,
        risk,
        requester,
        targetNodeId,
        targetName,
        tags,
        attributeKey,
        status,
        approvers,
        admins,
        reason,
        requestedAt,
        activatedAt,
        expiresAt,
        endedAt,
        version,
        requesterNodeId,
        statusSince,
        ticket,
        roleCapability,
        requestedByCapability,
        capabilityApprovals,
        stagedApproval,
        breakGlass,
        reviewBy,
        review,
        reviewers,
        startsAt);
  }

  /** Whether this break-glass grant still waits for its review at {@code now}. */
  public boolean awaitsReview(Instant now) {
    return BreakGlassRules.awaitsReview(facts(Set.of()), now);
  }

  /** A grant just requested, before its workflow has published anything (version 0). */
  public static GrantSummary submitted(GrantInput input) {
    return of(input, input.initialStatus(), input.requestedAt(), null, null, null, 0);
  }

  /**
   * What a list tells of this grant: enough to decide who may see it. Its approvals are not in a
   * summary, so deciding on it needs the grant's own view. {@code admins} are today's.
   */
  public GrantFacts facts(Set<String> admins) {
    return new GrantFacts(
        id,
        grantType,
        kind,
        requester,
        status,
        Set.copyOf(approvers),
        admins,
        1,
        List.of(),
        false,
        activatedAt,
        expiresAt,
        null,
        null,
        null,
        0,
        false,
        roleCapability != null,
        stagedApproval,
        null,
        breakGlass
            ? new BreakGlassState(
                Set.copyOf(reviewers),
                reviewBy,
                review == null ? null : new Review(null, review, null, null))
            : null);
  }

  /** This summary as {@code view} shows the grant now (its status and times). */
  public GrantSummary with(GrantView view) {
    return new GrantSummary(
        id,
        grantType,
        kind,
        risk,
        requester,
        targetNodeId,
        targetName,
        tags,
        attributeKey,
        view.status(),
        approvers,
        admins,
        reason,
        requestedAt,
        view.activatedAt(),
        view.expiresAt(),
        view.endedAt(),
        version,
        requesterNodeId,
        statusSince,
        ticket,
        roleCapability,
        requestedByCapability,
        capabilityApprovals,
        stagedApproval,
        breakGlass,
        view.reviewBy() != null ? view.reviewBy() : reviewBy,
        view.review() != null ? view.review().decision() : review,
        reviewers,
        startsAt);
  }

  /**
   * Whether removing this grant's access has gone on for {@code alertAfter} or longer at {@code
   * now}: the moment its admins are alerted, and what {@code tailgrant_removal_stuck} counts. A
   * summary from before {@code statusSince} counts from its scheduled end.
   */
  public boolean removalStuck(Instant now, Duration alertAfter) {
    if (status != GrantStatus.DEACTIVATING) {
      return false;
    }
    Instant since = statusSince != null ? statusSince : expiresAt;
    return since != null && !now.isBefore(since.plus(alertAfter));
  }
}
