package io.tailgrant.grant;

import java.time.Duration;
import java.util.Optional;

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
    checkMayRequest(spec, requester, null);
  }

  /**
   * As above, where {@code capability} is what the tailnet policy's app capability gives the
   * requester (null: nothing): it adds the type when the grant accepts capability roles.
   */
  public static void checkMayRequest(
      GrantSpec spec, Principal requester, CapabilityRoles capability) {
    if (!mayRequest(spec, requester, capability)) {
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

  /**
   * The YAML requesters, and (a union, never less) whoever the tailnet policy's capability lets
   * request the type, when the grant accepts capability roles and the requester is a member (a
   * shared-in user's capability counts for nothing: {@link CapabilityRoles#forCaller}).
   */
  public static boolean mayRequest(
      GrantSpec spec, Principal requester, CapabilityRoles capability) {
    return mayRequest(spec, requester) || requestsByCapability(spec, requester, capability);
  }

  /** Whether only the tailnet policy's capability lets {@code requester} request {@code spec}. */
  public static boolean requestsByCapability(
      GrantSpec spec, Principal requester, CapabilityRoles capability) {
    return !mayRequest(spec, requester)
        && spec.roleCapability() != null
        && !requester.sharedIn()
        && capability != null
        && capability.requests(spec.name());
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

  /** A reason when the type requires one, at least its minimum length ({@link Justification}). */
  public static void checkReason(GrantSpec spec, String reason) {
    JustificationRules.checkReason(spec, reason);
  }

  /** A ticket as the type asks for one ({@link Justification}); null or blank is none. */
  public static void checkTicket(GrantSpec spec, String ticket) {
    JustificationRules.checkTicket(spec, ticket);
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
      case REQUESTER -> {
        if (!TargetDevice.isUser(target, requester.login())) {
          throw Refusal.badRequest(
              "target_not_eligible",
              "grant type '"
                  + spec.name()
                  + "' changes the requester's own tailnet role, never anyone else's");
        }
      }
      case NEW_DEVICE -> {
        if (!TargetDevice.isNewDevice(target)
            || !target.tags().equals(spec.target().tags())
            || target.owner() != null) {
          throw Refusal.badRequest(
              "target_not_eligible",
              "grant type '"
                  + spec.name()
                  + "' lets a new device join as "
                  + String.join(" ", spec.target().tags())
                  + "; it takes no target");
        }
      }
      case TAGGED -> {
        if (!target.isTagged()) {
          throw Refusal.badRequest(
              "target_not_eligible",
              tagsRefusedOn(target).orElseThrow()
                  + ", so '"
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
    if (spec.kind() == GrantKind.TAGS) {
      tagsRefusedOn(target)
          .ifPresent(
              why -> {
                throw Refusal.badRequest("target_not_eligible", why);
              });
    }
  }

  /**
   * Tailscale turns a user-owned device it tags into a tagged device for good: the device loses its
   * user and every user-based rule. So tags are never put on one; the one statement of that rule,
   * asked by request checks, the config loader and the device activity alike.
   */
  public static final String TAGS_CONVERT_USER_DEVICES =
      "tagging a user-owned device turns it into a tagged device for good (it would lose its user"
          + " and its user-based access)";

  /** Why tags may not go on {@code device}, or empty when it is a tagged device. */
  public static Optional<String> tagsRefusedOn(String deviceName, boolean tagged) {
    return tagged
        ? Optional.empty()
        : Optional.of(deviceName + " is a user-owned device: " + TAGS_CONVERT_USER_DEVICES);
  }

  public static Optional<String> tagsRefusedOn(TargetDevice target) {
    return tagsRefusedOn(target.name(), target.isTagged());
  }

  public static boolean isTargetEligible(GrantSpec spec, Principal requester, TargetDevice target) {
    try {
      checkTarget(spec, requester, target);
      return true;
    } catch (Refusal r) {
      return false;
    }
  }
}
