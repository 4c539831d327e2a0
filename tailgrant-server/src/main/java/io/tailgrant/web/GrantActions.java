package io.tailgrant.web;

import io.tailgrant.config.GrantCatalog;
import io.tailgrant.directory.GrantSummary;
import io.tailgrant.grant.ApprovedDuration;
import io.tailgrant.grant.Authority;
import io.tailgrant.grant.BreakGlassRules;
import io.tailgrant.grant.Decision;
import io.tailgrant.grant.Durations;
import io.tailgrant.grant.ExtendRequest;
import io.tailgrant.grant.GrantAction;
import io.tailgrant.grant.GrantFacts;
import io.tailgrant.grant.GrantIds;
import io.tailgrant.grant.GrantLimits;
import io.tailgrant.grant.GrantRules;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.Refusal;
import io.tailgrant.grant.ReviewDecision;
import io.tailgrant.grant.ReviewRequest;
import io.tailgrant.grant.RevokeRequest;
import io.tailgrant.identity.Caller;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Acting on a grant that exists: seeing it, deciding on it, revoking and extending it. Each call
 * asks {@link GrantRules} with the config in force before the Update reaches the workflow, whose
 * validator asks it again with the grant's own snapshot.
 */
final class GrantActions {
  private final GrantCatalog catalog;
  private final int maxTextLength;
  private final GrantClient client;
  private final GrantBoard board;
  private final Clock clock;
  // Pages of one grant read at once (a shared link, a busy inbox) share one query: the grant's
  // workflow answers queries one at a time, so 17 at once queued for most of a second.
  private final KeyedFlights<String, Optional<GrantView>> views;

  GrantActions(
      GrantCatalog catalog, int maxTextLength, GrantClient client, GrantBoard board, Clock clock) {
    this.catalog = catalog;
    this.maxTextLength = maxTextLength;
    this.client = client;
    this.board = board;
    this.clock = clock;
    this.views = new KeyedFlights<>(client::view);
  }

  /** A grant, if {@code caller} may see it; anyone else is told it does not exist. */
  GrantView get(Caller caller, String id) {
    GrantView view =
        (GrantIds.isWellFormed(id) ? views.get(id) : Optional.<GrantView>empty())
            .orElseThrow(() -> Refusal.notFound("no grant '" + id + "'"));
    GrantRules.check(
        GrantAction.VIEW, facts(view), caller.login(), clock.instant(), authority(view, caller));
    return view;
  }

  /** What {@code caller} may do to {@code view} now: the actions a page offers. */
  Set<GrantAction> allowed(Caller caller, GrantView view) {
    return GrantRules.allowed(
        facts(view), caller.login(), clock.instant(), authority(view, caller));
  }

  /**
   * Whether {@code caller} may fetch {@code view}'s credential now (false: not active yet); throws
   * every other refusal.
   */
  boolean credentialReady(GrantAction credential, Caller caller, GrantView view) {
    return GrantRules.credentialReady(credential, facts(view), caller.login(), clock.instant());
  }

  /**
   * Approves or denies, as {@code action} says; an approval may be for less time than was asked
   * ({@code duration}, null: as asked; see {@link ApprovedDuration}).
   */
  GrantView decide(GrantAction action, Caller caller, String id, String comment, String duration) {
    GrantLimits.requireShort(comment, maxTextLength, "comment");
    GrantLimits.requireShort(duration, GrantRequester.MAX_NAME_LENGTH, "duration");
    Duration given = duration == null || duration.isBlank() ? null : parse(duration);
    GrantView view = get(caller, id);
    // With the config in force now: someone no longer an approver decides nothing more.
    GrantRules.check(action, facts(view), caller.login(), clock.instant(), authority(view, caller));
    if (given != null) {
      // The type's minimum as configured now; the workflow checks its own snapshot's again.
      ApprovedDuration.check(view.duration(), catalog.minDuration(view.grantType()), given);
    }
    Decision decision =
        new Decision(
            caller.login(), comment, id, catalog.claim(caller.roles(), view.grantType()), given);
    return changed(
        client.update(
            id, g -> action == GrantAction.APPROVE ? g.approve(decision) : g.deny(decision)));
  }

  GrantView revoke(Caller caller, String id, String reason) {
    GrantLimits.requireShort(reason, maxTextLength, "reason");
    // Who may see it decides who may ask; the workflow's validator decides the revocation itself.
    // The list's copy answers "who" without a query, a hop less on the revocation path.
    Optional<GrantSummary> listed = GrantIds.isWellFormed(id) ? board.find(id) : Optional.empty();
    String grantType;
    if (listed.isPresent()) {
      GrantSummary s = listed.get();
      Authority authority = catalog.authority(s.grantType(), caller.login(), caller.roles());
      GrantRules.check(
          GrantAction.VIEW,
          s.facts(authority.admins()),
          caller.login(),
          clock.instant(),
          authority);
      grantType = s.grantType();
    } else {
      grantType = get(caller, id).grantType();
    }
    RevokeRequest revoke =
        new RevokeRequest(caller.login(), reason, id, catalog.claim(caller.roles(), grantType));
    return changed(client.update(id, g -> g.revoke(revoke)));
  }

  GrantView extend(Caller caller, String id, String by) {
    GrantLimits.requireShort(by, GrantRequester.MAX_NAME_LENGTH, "duration");
    get(caller, id);
    Duration d = parse(by);
    return changed(client.update(id, g -> g.extend(new ExtendRequest(caller.login(), d, id))));
  }

  /**
   * A break-glass grant's review: {@code decision} confirm or revoke, by one of its reviewers (by
   * the grant's snapshot and the config in force now), never its requester, within its window.
   */
  GrantView review(Caller caller, String id, String decision, String comment) {
    GrantLimits.requireShort(comment, maxTextLength, "comment");
    GrantLimits.requireShort(decision, GrantRequester.MAX_NAME_LENGTH, "decision");
    ReviewDecision d = ReviewDecision.requested(decision == null ? null : decision.strip());
    GrantView view = get(caller, id);
    BreakGlassRules.checkReview(
        facts(view),
        caller.login(),
        clock.instant(),
        catalog.breakGlassReviewers(view.grantType()));
    ReviewRequest request = new ReviewRequest(caller.login(), d, comment, id);
    return changed(client.update(id, g -> g.review(request)));
  }

  /** Whether {@code caller} may review {@code view} now: the page's review form. */
  boolean mayReview(Caller caller, GrantView view) {
    return BreakGlassRules.mayReview(
        facts(view),
        caller.login(),
        clock.instant(),
        catalog.breakGlassReviewers(view.grantType()));
  }

  private static Duration parse(String text) {
    return Durations.parse(text)
        .orElseThrow(
            () ->
                Refusal.badRequest(
                    "bad_duration", "'" + text + "' is not a duration: use 30m, 1h or PT1H"));
  }

  /** Shows this server's change in its lists at once. */
  private GrantView changed(GrantView view) {
    views.forget(view.id());
    board.changed(view);
    return view;
  }

  private GrantFacts facts(GrantView view) {
    return GrantFacts.of(view, catalog.authority(view.grantType()).admins());
  }

  /** Who holds which role for {@code view}'s type now, {@code caller}'s capability included. */
  private Authority authority(GrantView view, Caller caller) {
    return catalog.authority(view.grantType(), caller.login(), caller.roles());
  }
}
