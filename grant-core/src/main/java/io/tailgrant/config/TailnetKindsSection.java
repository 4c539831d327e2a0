package io.tailgrant.config;

import io.tailgrant.authkey.AuthKeyRules;
import io.tailgrant.authkey.AuthKeySpec;
import io.tailgrant.grant.TailnetRoles;
import java.time.Duration;
import java.util.List;

/**
 * Reads what the user-role and auth-key kinds add to a grant type: the tailnet role a user-role
 * grant gives, and how an auth-key grant's keys are made.
 */
final class TailnetKindsSection {
  private TailnetKindsSection() {}

  /** A user-role type's {@code role}; it takes no tags and no posture attribute. */
  static String userRole(ConfigNode t, List<String> tags, boolean hasPosture) {
    String role = t.string("role", null, true);
    if (role != null && !role.isEmpty() && !TailnetRoles.GRANTABLE.contains(role)) {
      t.problem(
          "role",
          "'"
              + role
              + "' "
              + (role.equals(TailnetRoles.OWNER)
                  ? "moves only by transferring ownership, never through a grant"
                  : role.equals(TailnetRoles.MEMBER)
                      ? "is every user's role: there is nothing to grant"
                      : "is not a tailnet role")
              + "; use one of "
              + String.join(", ", TailnetRoles.GRANTABLE));
      role = null;
    }
    if (!tags.isEmpty() || hasPosture) {
      t.problem("kind", "a user-role grant gives a tailnet role, not tags or a posture attribute");
    }
    return role;
  }

  /**
   * An auth-key type's key settings: single-use and ephemeral unless it says otherwise, joined
   * devices kept unless {@code removeDevices}; its tags are the key's.
   */
  static AuthKeySpec authKey(ConfigNode t, boolean hasPosture) {
    boolean reusable = t.bool("reusable", false);
    boolean ephemeral = t.bool("ephemeral", true);
    boolean removeDevices = t.bool("removeDevices", false);
    if (hasPosture) {
      t.problem("posture", "an auth-key grant mints a key with tags, not a posture attribute");
    }
    return new AuthKeySpec(reusable, ephemeral, removeDevices);
  }

  /** An auth key cannot outlive Tailscale's 90 days, so no auth-key grant may either. */
  static void authKeyLifetime(ConfigNode t, Duration max) {
    if (max != null && max.compareTo(AuthKeyRules.MAX_LIFETIME) > 0) {
      t.problem(
          "maxDuration",
          "an auth key lives at most 90 days (Tailscale's limit), so an auth-key grant cannot be"
              + " longer");
    }
  }
}
