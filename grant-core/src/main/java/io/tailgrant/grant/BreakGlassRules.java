package io.tailgrant.grant;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Every rule of break-glass, in one place and without I/O. A grant type may allow it ({@link
 * GrantSpec#breakGlass}); a requester it names may then activate a grant at once, without approval,
 * with a reason. Such a grant must be reviewed by one of the rule's reviewers (never its requester)
 * before {@code reviewBy}: confirmed, it runs to its end; revoked, it ends; not reviewed in time,
 * TailGrant revokes it at the end of the window and raises an alert. The server's routes and pages
 * and the workflow's validators all ask here.
 */
public final class BreakGlassRules {
  private BreakGlassRules() {}

  /** Whether {@code spec} allows break-glass at all. */
  public static boolean allowed(GrantSpec spec) {
    return spec.breakGlass() != null;
  }

  /**
   * Whether {@code requester} may break glass on {@code spec}: the type allows it and its rule
   * names them (by login, or autogroup:member for any member, never a shared-in user).
   */
  public static boolean mayBreakGlass(GrantSpec spec, Principal requester) {
    BreakGlass rule = spec.breakGlass();
    return rule != null
        && (rule.requesters().contains(requester.login())
            || (rule.requesters().contains(Policy.ANY_MEMBER) && !requester.sharedIn()));
  }

  /**
   * Refuses a break-glass request that may not be: a type without break-glass (400), a requester
   * its rule does not name (403), or no reason (400: the reason is what the reviewers judge).
   */
  public static void checkRequest(GrantSpec spec, Principal requester, String reason) {
    if (!allowed(spec)) {
      throw Refusal.badRequest(
          "break_glass_not_allowed", "grant type '" + spec.name() + "' does not allow break-glass");
    }
    if (!mayBreakGlass(spec, requester)) {
      throw Refusal.forbidden(
          requester.login() + " may not break glass on grant type '" + spec.name() + "'");
    }
    if (reason == null || reason.isBlank()) {
      throw Refusal.badRequest(
          "reason_required", "break-glass needs a reason: its reviewers judge the grant by it");
    }
  }

  /**
   * Refuses a break-glass request that names a start ({@code startsAt} not null): breaking glass is
   * access now, and a planned window has time for an approval.
   */
  public static void checkStartsNow(Instant startsAt) {
    if (startsAt != null) {
      throw Refusal.badRequest(
          "break_glass_scheduled",
          "break-glass is access now and cannot name a later start: schedule an approved request");
    }
  }

  /** When a break-glass grant activated at {@code activatedAt} must have been reviewed. */
  public static Instant reviewBy(GrantSpec spec, Instant activatedAt) {
    return activatedAt.plus(spec.breakGlass().reviewWithin());
  }

  /** The review window as words, e.g. for the timeline. */
  public static String window(GrantSpec spec) {
    return Durations.format(spec.breakGlass().reviewWithin());
  }

  /**
   * Whether {@code actor} is one of the grant's reviewers by its snapshot: a reviewer may see the
   * grant they are to review.
   */
  public static boolean isReviewer(GrantFacts g, String actor) {
    return g.breakGlass() != null && g.breakGlass().reviewers().contains(actor);
  }

  /**
   * Refuses a review {@code actor} may not give now: only of a break-glass grant (409 otherwise),
   * never by TailGrant or the requester (403), by a reviewer of the grant's snapshot who is one by
   * today's rule too ({@code reviewersNow}; in a workflow, the snapshot), once, while the grant is
   * active and its window open (409).
   */
  public static void checkReview(
      GrantFacts g, String actor, Instant now, Set<String> reviewersNow) {
    BreakGlassState bg = g.breakGlass();
    if (bg == null) {
      throw new Refusal(
          Refusal.Kind.CONFLICT,
          "not_break_glass",
          "grant " + g.grantId() + " is not a break-glass grant: there is nothing to review");
    }
    if (SystemActor.is(actor)) {
      throw Refusal.forbidden("a Tailscale event never reviews a grant");
    }
    if (actor.equals(g.requester())) {
      throw Refusal.forbidden("you cannot review your own break-glass grant");
    }
    if (!bg.reviewers().contains(actor)) {
      throw Refusal.forbidden(actor + " is not a break-glass reviewer for '" + g.grantType() + "'");
    }
    if (!reviewersNow.contains(actor)) {
      throw Refusal.forbidden(
          actor + " is no longer a break-glass reviewer for '" + g.grantType() + "'");
    }
    if (bg.review() != null) {
      throw new Refusal(
          Refusal.Kind.CONFLICT,
          "already_reviewed",
          "grant "
              + g.grantId()
              + " was reviewed already ("
              + bg.review().decision().wire()
              + " by "
              + bg.review().actor()
              + ")");
    }
    if (g.status() != GrantStatus.ACTIVE || g.revoking()) {
      throw Refusal.conflict("grant is " + (g.revoking() ? "being revoked" : g.status().wire()));
    }
    if (bg.reviewBy() != null && !now.isBefore(bg.reviewBy())) {
      throw Refusal.conflict("the review window closed at " + bg.reviewBy());
    }
  }

  /** Whether {@code actor} may review {@code g} now: what a page offers. */
  public static boolean mayReview(
      GrantFacts g, String actor, Instant now, Set<String> reviewersNow) {
    try {
      checkReview(g, actor, now, reviewersNow);
      return true;
    } catch (Refusal r) {
      return false;
    }
  }

  /** Whether a break-glass grant still waits for its review: active, unreviewed, window open. */
  public static boolean awaitsReview(GrantFacts g, Instant now) {
    BreakGlassState bg = g.breakGlass();
    return bg != null
        && bg.review() == null
        && g.status() == GrantStatus.ACTIVE
        && !g.revoking()
        && (bg.reviewBy() == null || now.isBefore(bg.reviewBy()));
  }

  /**
   * What happens when the window closes: a grant not reviewed by then, still holding access, is
   * revoked (and an alert raised); a reviewed or ended one is left as it is.
   */
  public static boolean revokeUnreviewed(GrantFacts g) {
    return g.breakGlass() != null
        && g.breakGlass().review() == null
        && GrantRules.REVOCABLE.contains(g.status())
        && !g.revoking();
  }

  /** The reason TailGrant gives when it revokes an unreviewed grant. */
  public static String unreviewedReason(Duration window) {
    return "break-glass access not reviewed within " + Durations.format(window);
  }

  /** The grant's status a review's decision leads to: confirmed runs on, revoked ends. */
  public static boolean ends(ReviewDecision decision) {
    return decision != ReviewDecision.CONFIRM;
  }
}
