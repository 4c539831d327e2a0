package io.tailgrant.grant;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * Every rule about who may do what to a grant, in one place. The server calls it before acting and
 * the workflow calls it again in its Update validators, so no rule is written twice.
 */
public final class Policy {
  /**
   * In {@code requesters}: every member of the tailnet. As in Tailscale's policy, that excludes the
   * users of nodes shared in from other tailnets.
   */
  public static final String ANY_MEMBER = "autogroup:member";

  private Policy() {}

  public static void checkMayRequest(GrantSpec spec, Principal requester) {
    if (!mayRequest(spec, requester)) {
      throw Refusal.forbidden(
          requester.login()
              + " may not request grant type '"
              + spec.name()
              + "'"
              + (requester.sharedIn() && spec.requesters().contains(ANY_MEMBER)
                  ? " (users of devices shared into the tailnet are not members)"
                  : ""));
    }
  }

  /**
   * Listed by login, or any member when the type says autogroup:member (never a shared-in node's
   * user).
   */
  public static boolean mayRequest(GrantSpec spec, Principal requester) {
    return spec.requesters().contains(requester.login())
        || (spec.requesters().contains(ANY_MEMBER) && !requester.sharedIn());
  }

  public static void checkDuration(GrantSpec spec, Duration duration) {
    if (duration.compareTo(spec.minDuration()) < 0 || duration.compareTo(spec.maxDuration()) > 0) {
      throw Refusal.badRequest(
          "duration_out_of_range",
          "duration "
              + Durations.format(duration)
              + " is outside "
              + Durations.format(spec.minDuration())
              + " to "
              + Durations.format(spec.maxDuration())
              + " for '"
              + spec.name()
              + "'");
    }
  }

  public static void checkReason(GrantSpec spec, String reason) {
    if (spec.reasonRequired() && (reason == null || reason.isBlank())) {
      throw Refusal.badRequest(
          "reason_required", "grant type '" + spec.name() + "' needs a reason");
    }
  }

  /**
   * Whether {@code target} may receive {@code spec} for {@code requester}; refuses with the reason.
   */
  public static void checkTarget(GrantSpec spec, Principal requester, TargetDevice target) {
    switch (spec.target().rule()) {
      case OWN_DEVICE -> {
        if (target.isTagged() || !requester.login().equals(target.owner())) {
          throw Refusal.badRequest(
              "target_not_eligible",
              "grant type '"
                  + spec.name()
                  + "' applies only to your own device; "
                  + target.name()
                  + " is not yours");
        }
      }
      case CLUSTER -> {
        if (!TargetDevice.isCluster(target) || !spec.target().clusters().contains(target.name())) {
          throw Refusal.badRequest(
              "target_not_eligible",
              "'"
                  + target.name()
                  + "' is not a cluster '"
                  + spec.name()
                  + "' grants access to (clusters: "
                  + String.join(", ", spec.target().clusters())
                  + ")");
        }
      }
      case TAGGED -> {
        if (!target.isTagged()) {
          throw Refusal.badRequest(
              "target_not_eligible",
              target.name()
                  + " is a user-owned device: tagging it would turn it into a tagged"
                  + " device for good (it would lose its user and its user-based access), so"
                  + " '"
                  + spec.name()
                  + "' only targets tagged devices");
        }
        if (!target.tags().containsAll(spec.target().tags())) {
          throw Refusal.badRequest(
              "target_not_eligible",
              target.name() + " does not carry " + String.join(", ", spec.target().tags()));
        }
      }
    }
    if (spec.kind() == GrantKind.TAGS && !target.isTagged()) {
      throw Refusal.badRequest(
          "target_not_eligible",
          "tags grants never apply to user-owned devices such as " + target.name());
    }
  }

  public static boolean isTargetEligible(GrantSpec spec, Principal requester, TargetDevice target) {
    try {
      checkTarget(spec, requester, target);
      return true;
    } catch (Refusal r) {
      return false;
    }
  }

  /** Approve and deny: only listed approvers, and never the requester. */
  public static void checkMayDecide(GrantSpec spec, String requester, String actor) {
    if (actor.equals(requester)) {
      throw Refusal.forbidden("you cannot approve or deny your own grant");
    }
    if (!mayDecide(spec.approvers(), requester, actor)) {
      throw Refusal.forbidden(actor + " is not an approver for '" + spec.name() + "'");
    }
  }

  /** Approvers decide, and never on their own grant. */
  public static boolean mayDecide(Collection<String> approvers, String requester, String actor) {
    return !actor.equals(requester) && approvers.contains(actor);
  }

  public static void checkMayRevoke(GrantSpec spec, String requester, String actor) {
    if (!mayRevoke(spec.approvers(), spec.admins(), requester, actor)) {
      throw Refusal.forbidden(actor + " may not revoke this grant");
    }
  }

  /** The requester, the type's approvers and admins may revoke. */
  public static boolean mayRevoke(
      Collection<String> approvers, Collection<String> admins, String requester, String actor) {
    return actor.equals(requester) || approvers.contains(actor) || admins.contains(actor);
  }

  public static void checkMayExtend(GrantSpec spec, String requester, String actor) {
    if (!mayExtend(requester, actor)) {
      throw Refusal.forbidden("only the requester may extend a grant");
    }
  }

  public static boolean mayExtend(String requester, String actor) {
    return actor.equals(requester);
  }

  /**
   * Who may see a grant at all (the same people who may revoke it); anyone else is told it does not
   * exist.
   */
  public static boolean mayView(
      Collection<String> approvers, Collection<String> admins, String requester, String actor) {
    return mayRevoke(approvers, admins, requester, actor);
  }

  /** The new end after extending by {@code by}, never past {@code maxDuration} from activation. */
  public static Instant extendedEnd(
      GrantSpec spec, Instant activatedAt, Instant expiresAt, Duration by) {
    if (by == null || by.isNegative() || by.isZero()) {
      throw Refusal.badRequest("bad_duration", "an extension must be a positive duration");
    }
    Instant ceiling = activatedAt.plus(spec.maxDuration());
    if (!expiresAt.isBefore(ceiling)) {
      throw Refusal.conflict(
          "grant already runs to its maximum of "
              + Durations.format(spec.maxDuration())
              + " from activation");
    }
    // Compare before adding: a huge extension must cap, not overflow.
    return by.compareTo(Duration.between(expiresAt, ceiling)) >= 0 ? ceiling : expiresAt.plus(by);
  }
}
