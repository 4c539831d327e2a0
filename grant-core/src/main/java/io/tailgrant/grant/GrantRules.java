package io.tailgrant.grant;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What may this person do to this grant now, and if not, why: every rule about acting on an
 * existing grant, in one place and without I/O. The workflow's Update validators ask it (with the
 * grant's own snapshot as authority), and so do the server's routes, lists and pages (with the
 * config in force now), so a page never offers what the workflow would refuse. Rules about asking
 * for a grant in the first place are in {@link Policy}. A {@link SystemActor} (TailGrant acting on
 * a Tailscale event) may revoke any grant that can still end early and withdraw approvals, and
 * never approves or denies; a pending grant it ends is denied ({@link #endedBeforeApproval}).
 */
public final class GrantRules {
  private GrantRules() {}

  /**
   * The states from which a grant can still be revoked; a scheduled grant is cancelled before its
   * start this way ({@link ScheduledStart#endedBeforeStart}).
   */
  public static final Set<GrantStatus> REVOCABLE =
      EnumSet.of(
          GrantStatus.PENDING_APPROVAL,
          GrantStatus.SCHEDULED,
          GrantStatus.ACTIVATING,
          GrantStatus.ACTIVE);

  /**
   * How a grant revoked by {@code actor} before its approval ends: {@link GrantStatus#DENIED} when
   * TailGrant ended it on a Tailscale event (the request is refused: its person or device is gone,
   * or its grounds changed), {@link GrantStatus#REVOKED} when a person withdrew it.
   */
  public static GrantStatus endedBeforeApproval(String actor) {
    return SystemActor.is(actor) ? GrantStatus.DENIED : GrantStatus.REVOKED;
  }

  /** Why {@code actor} may not do {@code action} to {@code grant} now, or empty when they may. */
  public static Optional<Refusal> refusal(
      GrantAction action, GrantFacts grant, String actor, Instant now, Authority authority) {
    try {
      check(action, grant, actor, now, authority);
      return Optional.empty();
    } catch (Refusal r) {
      return Optional.of(r);
    }
  }

  public static boolean may(
      GrantAction action, GrantFacts grant, String actor, Instant now, Authority authority) {
    return refusal(action, grant, actor, now, authority).isEmpty();
  }

  /** Every action {@code actor} may take on {@code grant} now: what a page offers. */
  public static Set<GrantAction> allowed(
      GrantFacts grant, String actor, Instant now, Authority authority) {
    Set<GrantAction> out = EnumSet.noneOf(GrantAction.class);
    for (GrantAction a : GrantAction.values()) {
      if (may(a, grant, actor, now, authority)) {
        out.add(a);
      }
    }
    return out;
  }

  /** Throws the refusal when {@code actor} may not do {@code action} to {@code grant} now. */
  public static void check(
      GrantAction action, GrantFacts grant, String actor, Instant now, Authority authority) {
    switch (action) {
      case VIEW -> checkView(grant, actor, authority);
      case APPROVE, DENY -> checkDecide(grant, actor, authority);
      case REVOKE -> checkRevoke(grant, actor, authority);
      case EXTEND -> checkMayExtend(grant, actor);
      case KUBECONFIG, AUTH_KEY -> {
        if (!credentialReady(action, grant, actor, now)) {
          throw new Refusal(
              Refusal.Kind.CONFLICT, "not_ready", "grant is " + grant.status().wire());
        }
      }
    }
  }

  /**
   * Whether {@code actor} may fetch the grant's credential ({@link GrantAction#KUBECONFIG} or
   * {@link GrantAction#AUTH_KEY}) now: true when they may, false while the grant is not active yet
   * (ask again later); throws every other refusal.
   */
  public static boolean credentialReady(
      GrantAction action, GrantFacts grant, String actor, Instant now) {
    return switch (action) {
      case KUBECONFIG -> kubeconfigReady(grant, actor, now);
      case AUTH_KEY -> authKeyReady(grant, actor);
      default -> throw new IllegalArgumentException(action + " fetches no credential");
    };
  }

  /**
   * The requester, the grant's approvers who are approvers still, today's admins (by the config or
   * the tailnet policy's capability) and a break-glass grant's reviewers may see it; anyone else is
   * told it does not exist (no probing other people's grants by id).
   */
  private static void checkView(GrantFacts g, String actor, Authority authority) {
    if (!actor.equals(g.requester())
        && !isApprover(g, actor, authority)
        && !authority.admins().contains(actor)
        && !authority.capabilityAdmins().contains(actor)
        && !BreakGlassRules.isReviewer(g, actor)) {
      throw notFound(g);
    }
  }

  /**
   * Approve and deny: a pending grant, an approver (then and now, or by the tailnet policy's
   * capability now on a grant that accepts it), never the requester, once. A capability only adds
   * approvers: the requester, someone who decided already and a Tailscale event are refused
   * whatever it says.
   */
  private static void checkDecide(GrantFacts g, String actor, Authority authority) {
    if (SystemActor.is(actor)) {
      throw Refusal.forbidden("a Tailscale event never approves or denies a grant");
    }
    requireStatus(g, GrantStatus.PENDING_APPROVAL);
    if (actor.equals(g.requester())) {
      throw Refusal.forbidden("you cannot approve or deny your own grant");
    }
    if (!capabilityApprover(g, actor, authority)) {
      if (!g.approvers().contains(actor)) {
        throw Refusal.forbidden(actor + " is not an approver for '" + g.grantType() + "'");
      }
      if (!authority.approvers().contains(actor)) {
        throw Refusal.forbidden(actor + " is no longer an approver for '" + g.grantType() + "'");
      }
    }
    if (g.approvals().stream().anyMatch(a -> a.actor().equals(actor))) {
      throw Refusal.conflict(actor + " has already decided on this grant");
    }
  }

  /**
   * The requester, the type's approvers and admins (then and now, or by the tailnet policy's
   * capability on a grant that accepts it) may revoke, while it can still end early; so may
   * TailGrant itself when Tailscale says the grant's person or device is gone.
   */
  private static void checkRevoke(GrantFacts g, String actor, Authority authority) {
    if (!REVOCABLE.contains(g.status())) {
      throw Refusal.conflict("grant is " + g.status().wire());
    }
    boolean admin =
        (g.admins().contains(actor) && authority.admins().contains(actor))
            || (g.acceptsCapabilityRoles() && authority.capabilityAdmins().contains(actor));
    if (!SystemActor.is(actor)
        && !actor.equals(g.requester())
        && !isApprover(g, actor, authority)
        && !admin) {
      throw Refusal.forbidden(actor + " may not revoke this grant");
    }
    if (g.revoking()) {
      throw Refusal.conflict("grant is already being revoked");
    }
  }

  /**
   * Withdrawing an approval: only TailGrant itself (a Tailscale event said the approver is gone),
   * of a grant still waiting for approval, and only an approval that was given.
   */
  public static void checkWithdraw(GrantFacts g, Withdrawal w) {
    if (!SystemActor.is(w.actor())) {
      throw Refusal.forbidden("approvals are withdrawn only when Tailscale removes the approver");
    }
    requireStatus(g, GrantStatus.PENDING_APPROVAL);
    if (g.revoking()) {
      throw Refusal.conflict("grant is being revoked");
    }
    boolean approved =
        g.approvals().stream()
            .anyMatch(a -> a.verdict() == Verdict.APPROVE && a.actor().equals(w.approver()));
    if (!approved) {
      throw new Refusal(
          Refusal.Kind.CONFLICT,
          "no_approval",
          w.approver() + " has not approved grant " + g.grantId());
    }
  }

  private static void checkMayExtend(GrantFacts g, String actor) {
    requireStatus(g, GrantStatus.ACTIVE);
    if (!actor.equals(g.requester())) {
      throw Refusal.forbidden("only the requester may extend a grant");
    }
    if (g.revoking()) {
      throw Refusal.conflict("grant is being revoked");
    }
  }

  /**
   * Extending by {@code by}: the requester, an active grant, at least the smallest extension, and
   * never past {@code maxDuration} from activation, or past the duration an approver shortened it
   * to. Returns the new end.
   */
  public static Instant extendedEnd(GrantFacts g, String actor, Duration by) {
    checkMayExtend(g, actor);
    Duration smallest = g.limits().minExtension();
    if (by == null || by.compareTo(smallest) < 0) {
      throw Refusal.badRequest(
          "extension_too_small", "an extension is at least " + Durations.format(smallest));
    }
    Duration most = g.shortenedTo() != null ? g.shortenedTo() : g.maxDuration();
    Instant ceiling = g.activatedAt().plus(most);
    if (!g.expiresAt().isBefore(ceiling)) {
      throw Refusal.conflict(
          "grant already runs to its maximum of "
              + Durations.format(most)
              + " from activation"
              + (g.shortenedTo() != null ? " (an approver approved it for that long)" : ""));
    }
    // Compare before adding: a huge extension must cap, not overflow.
    return by.compareTo(Duration.between(g.expiresAt(), ceiling)) >= 0
        ? ceiling
        : g.expiresAt().plus(by);
  }

  /**
   * A kubeconfig: for the requester only (anyone else: not found), of a kubernetes grant, once it
   * is active and until it ends, and no more often than the grant's limits allow (each one is a new
   * token and history). False while it is not active yet.
   */
  private static boolean kubeconfigReady(GrantFacts g, String actor, Instant now) {
    if (!actor.equals(g.requester())) {
      throw notFound(g);
    }
    if (g.kind() != GrantKind.KUBERNETES) {
      throw new Refusal(
          Refusal.Kind.CONFLICT,
          "not_kubernetes",
          "'"
              + g.grantType()
              + "' is a "
              + g.kind().wire()
              + " grant; only kubernetes grants have a kubeconfig");
    }
    if (!g.status().isOpen() || g.status() == GrantStatus.DEACTIVATING || g.revoking()) {
      throw Refusal.gone(
          "grant " + g.grantId() + " is " + g.status().wire() + ": its access has ended");
    }
    if (g.status() != GrantStatus.ACTIVE) {
      return false;
    }
    GrantLimits limits = g.limits();
    if (g.kubeconfigsIssued() >= limits.kubeconfigsPerGrant()) {
      throw new Refusal(
          Refusal.Kind.TOO_MANY_REQUESTS,
          "kubeconfig_limit",
          "this grant has issued its "
              + limits.kubeconfigsPerGrant()
              + " kubeconfigs; request a new grant");
    }
    Instant next =
        g.lastKubeconfigAt() == null
            ? null
            : g.lastKubeconfigAt().plus(limits.kubeconfigInterval());
    if (next != null && now.isBefore(next)) {
      long wait = Duration.between(now, next).toSeconds() + 1;
      throw Refusal.tooMany(
          "kubeconfig_rate",
          "a kubeconfig was issued moments ago; ask again in " + wait + " s",
          wait);
    }
    return true;
  }

  /**
   * An auth key: for the requester only (anyone else: not found), of an auth-key grant, once it is
   * active and until it ends, and once: the key is shown to nobody a second time. False while it is
   * not active yet.
   */
  private static boolean authKeyReady(GrantFacts g, String actor) {
    if (!actor.equals(g.requester())) {
      throw notFound(g);
    }
    if (g.kind() != GrantKind.AUTH_KEY) {
      throw new Refusal(
          Refusal.Kind.CONFLICT,
          "not_auth_key",
          "'"
              + g.grantType()
              + "' is a "
              + g.kind().wire()
              + " grant; only auth-key grants have an auth key");
    }
    if (!g.status().isOpen() || g.status() == GrantStatus.DEACTIVATING || g.revoking()) {
      throw Refusal.gone(
          "grant " + g.grantId() + " is " + g.status().wire() + ": its access has ended");
    }
    if (g.authKeyIssued()) {
      throw Refusal.gone(
          "the auth key of grant "
              + g.grantId()
              + " was shown once already and is never shown again; request a new grant");
    }
    return g.status() == GrantStatus.ACTIVE;
  }

  /**
   * An approver of the grant's snapshot who is an approver by today's config too, or one by the
   * tailnet policy's capability now on a grant that accepts it.
   */
  private static boolean isApprover(GrantFacts g, String actor, Authority authority) {
    return (g.approvers().contains(actor) && authority.approvers().contains(actor))
        || capabilityApprover(g, actor, authority);
  }

  /**
   * An approver only by the tailnet policy's capability: no snapshot can name them, so the grant
   * must accept capability roles and the capability must say so now. Never on a staged approval:
   * its stages are the people its type names, and a capability says no stage a person stands for
   * (the flat list of approvers is the only one a capability approver joins).
   */
  private static boolean capabilityApprover(GrantFacts g, String actor, Authority authority) {
    return g.acceptsCapabilityRoles()
        && !g.stagedApproval()
        && authority.capabilityApprovers().contains(actor);
  }

  /**
   * Whether {@code grant} waits for {@code actor}'s decision: the approvals inbox. A list's facts
   * hold no votes, so someone who decided already still finds it there until the grant moves on.
   */
  public static boolean awaitsDecisionBy(
      GrantFacts grant, String actor, Instant now, Authority authority) {
    return may(GrantAction.APPROVE, grant, actor, now, authority);
  }

  private static void requireStatus(GrantFacts g, GrantStatus wanted) {
    if (g.status() != wanted) {
      throw Refusal.conflict("grant is " + g.status().wire());
    }
  }

  private static Refusal notFound(GrantFacts g) {
    return Refusal.notFound("no grant '" + g.grantId() + "'");
  }
}
