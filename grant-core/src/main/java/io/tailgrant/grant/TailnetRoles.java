package io.tailgrant.grant;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tailscale's user roles and how they compare. Roles are only partly ordered: {@code admin} holds
 * every right of {@code it-admin}, {@code network-admin} and {@code billing-admin}, each of which
 * holds {@code auditor}'s read access, which is above {@code member}; but {@code it-admin} (users
 * and devices) and {@code network-admin} (policy, DNS) each lack rights of the other, so moving
 * between them would take rights away. The one home of "never touch an owner, never lower a role".
 */
public final class TailnetRoles {
  public static final String OWNER = "owner";
  public static final String MEMBER = "member";

  /** Every role, as the API spells them. */
  public static final List<String> ALL =
      List.of(OWNER, "admin", "it-admin", "network-admin", "billing-admin", "auditor", MEMBER);

  /** The roles a user-role grant type may give (never owner, which moves only by transfer). */
  public static final List<String> GRANTABLE =
      List.of("admin", "it-admin", "network-admin", "billing-admin", "auditor");

  /** The roles each role includes (besides itself). */
  private static final Map<String, Set<String>> BELOW =
      Map.of(
          OWNER,
          Set.of("admin", "it-admin", "network-admin", "billing-admin", "auditor", MEMBER),
          "admin",
          Set.of("it-admin", "network-admin", "billing-admin", "auditor", MEMBER),
          "it-admin",
          Set.of("auditor", MEMBER),
          "network-admin",
          Set.of("auditor", MEMBER),
          "billing-admin",
          Set.of("auditor", MEMBER),
          "auditor",
          Set.of(MEMBER),
          MEMBER,
          Set.of());

  private TailnetRoles() {}

  public static boolean isRole(String role) {
    return role != null && BELOW.containsKey(role);
  }

  /** Whether {@code held} has every right of {@code other} (a role covers itself). */
  public static boolean covers(String held, String other) {
    return held.equals(other) || BELOW.getOrDefault(held, Set.of()).contains(other);
  }

  /** Whether {@code role} is strictly above {@code current}: giving it takes nothing away. */
  public static boolean raises(String role, String current) {
    return !role.equals(current) && covers(role, current);
  }

  public static boolean comparable(String a, String b) {
    return covers(a, b) || covers(b, a);
  }

  /** The role covering all of {@code roles}, if one of them does. */
  public static Optional<String> highest(Collection<String> roles) {
    return roles.stream().filter(r -> roles.stream().allMatch(o -> covers(r, o))).findFirst();
  }

  /**
   * Why {@code login}, who holds {@code current} (before any TailGrant change), may not be given
   * {@code role}; empty when giving it raises them.
   */
  public static Optional<String> refusal(String login, String current, String role) {
    if (OWNER.equals(current)) {
      return Optional.of(
          login + " is the tailnet's owner: TailGrant never changes the owner's role");
    }
    if (covers(current, role)) {
      return Optional.of(
          login
              + " already holds "
              + current
              + (current.equals(role) ? "" : ", which includes " + role)
              + ": there is nothing to grant");
    }
    if (!covers(role, current)) {
      return Optional.of(
          login
              + " holds "
              + current
              + "; "
              + role
              + " would take some of its rights away, and TailGrant never lowers a role");
    }
    return Optional.empty();
  }
}
