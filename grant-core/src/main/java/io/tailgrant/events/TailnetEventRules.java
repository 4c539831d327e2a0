package io.tailgrant.events;

import io.tailgrant.directory.GrantSummary;
import io.tailgrant.grant.GrantRules;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.SystemActor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a Tailscale event means for grants, in one place and without I/O: which events TailGrant
 * acts on, the workflow id that names an event, the actor and reason it acts with, and which grants
 * it ends or whose approvals it withdraws. The server asks it which events to act on; the event's
 * workflow asks it what to change.
 */
public final class TailnetEventRules {
  /** Tailscale's user roles (a role change to one listed in {@code offboardRoles} offboards). */
  public static final List<String> TAILSCALE_ROLES =
      List.of("owner", "admin", "member", "it-admin", "network-admin", "billing-admin", "auditor");

  /** The longest reason TailGrant writes on a grant it ends (Tailscale's message is cut). */
  public static final int REASON_MAX = 300;

  private TailnetEventRules() {}

  /**
   * What TailGrant does about an event of {@code type}, or empty when nothing (every other type is
   * acknowledged and ignored). A role change offboards only when one of {@code newRoles} is in
   * {@code offboardRoles}: TailGrant's own config, not Tailscale's role, says who may request.
   */
  public static Optional<TailnetEventAction> action(
      String type, Collection<String> newRoles, Set<String> offboardRoles) {
    return switch (type) {
      case "userDeleted", "userSuspended" -> Optional.of(TailnetEventAction.OFFBOARD);
      case "userRoleUpdated" ->
          newRoles != null && newRoles.stream().anyMatch(offboardRoles::contains)
              ? Optional.of(TailnetEventAction.OFFBOARD)
              : Optional.empty();
      case "nodeDeleted" -> Optional.of(TailnetEventAction.NODE_DELETED);
      case "policyUpdate" -> Optional.of(TailnetEventAction.POLICY_UPDATE);
      default -> Optional.empty();
    };
  }

  /**
   * The event's workflow id: {@code offboard/<login>/<timestamp>}, {@code
   * node-deleted/<nodeId>/<timestamp>} or {@code policy-update/<timestamp>}. A redelivery of the
   * same event has the same id, which Temporal refuses to start twice.
   */
  public static String workflowId(TailnetEventInput e) {
    String at = e.eventAt().toString();
    return e.subject() == null
        ? e.action().idPrefix + "/" + at
        : e.action().idPrefix + "/" + e.subject() + "/" + at;
  }

  /** Who acts: {@code tailscale:<eventType>}. */
  public static String actor(TailnetEventInput e) {
    return SystemActor.of(e.eventType());
  }

  /**
   * The reason written on every grant the event ends: the event and Tailscale's message, on one
   * line and at most {@link #REASON_MAX} characters.
   */
  public static String reason(TailnetEventInput e) {
    String what =
        switch (e.action()) {
          case OFFBOARD, NODE_DELETED ->
              "Tailscale " + e.eventType() + (e.subject() == null ? "" : " " + e.subject());
          case POLICY_UPDATE ->
              "Tailscale policyUpdate: a pending grant whose role comes from a capability is"
                  + " requested anew, so the capability is read again";
        };
    String message = e.message() == null ? "" : e.message().strip();
    String line = message.isEmpty() ? what : what + ": " + message;
    line = line.replaceAll("\\p{Cntrl}", " ");
    return line.length() <= REASON_MAX ? line : line.substring(0, REASON_MAX - 1) + "…";
  }

  /**
   * The steps {@code e} calls for among {@code grants} (the directory's list): end what the event's
   * person requested or what targets or came from its device, or the pending capability-derived
   * grants after a policy change (a type whose role comes from a capability, or a requester whom
   * only the tailnet policy's capability lets ask; each only if requested before the event
   * arrived), and withdraw the person's approvals of others' pending grants (as an approver the
   * grant names, or one by capability). A grant that is ending already is left alone.
   */
  public static List<TailnetEventStep> plan(TailnetEventInput e, List<GrantSummary> grants) {
    List<TailnetEventStep> steps = new ArrayList<>();
    for (GrantSummary g : grants) {
      boolean revocable = GrantRules.REVOCABLE.contains(g.status());
      boolean before = g.requestedAt() == null || !g.requestedAt().isAfter(e.receivedAt());
      boolean pending = g.status() == GrantStatus.PENDING_APPROVAL;
      boolean end =
          switch (e.action()) {
            case OFFBOARD -> g.requester().equals(e.subject());
            case NODE_DELETED ->
                e.subject().equals(g.targetNodeId()) || e.subject().equals(g.requesterNodeId());
            // The capability is read anew when its requester asks again.
            case POLICY_UPDATE ->
                pending
                    && (e.capabilityTypes().contains(g.grantType()) || g.requestedByCapability());
          };
      if (end && revocable && before) {
        steps.add(step(TailnetEventStep.Kind.REVOKE, g));
      } else if (e.action() == TailnetEventAction.OFFBOARD
          && pending
          && !g.requester().equals(e.subject())
          && (g.approvers().contains(e.subject())
              || g.capabilityApprovals().contains(e.subject()))) {
        steps.add(step(TailnetEventStep.Kind.WITHDRAW, g));
      }
    }
    return steps;
  }

  private static TailnetEventStep step(TailnetEventStep.Kind kind, GrantSummary g) {
    return new TailnetEventStep(kind, g.id(), g.grantType(), g.requester(), g.targetName());
  }
}
