package io.tailgrant.grant;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Whether the grant-type snapshot a grant arrived with is the one the worker's own config
 * describes. The worker never acts on a snapshot alone: a forged or stale input could otherwise
 * carry any tags, role, risk or approvers. A type whose role and maximum come from the requester's
 * app capability may differ in exactly those, and only downwards for the maximum.
 */
public final class SpecCheck {
  private SpecCheck() {}

  /** What differs, by field name; empty when {@code given} is what {@code expected} allows. */
  public static List<String> differences(
      GrantSpec given, GrantSpec expected, boolean fromCapability) {
    List<String> diff = new ArrayList<>();
    same(diff, "name", given.name(), expected.name());
    same(diff, "kind", given.kind(), expected.kind());
    same(diff, "tags", new HashSet<>(given.tags()), new HashSet<>(expected.tags()));
    same(diff, "posture", posture(given.posture()), posture(expected.posture()));
    same(diff, "target", given.target(), expected.target());
    same(diff, "risk", given.risk(), expected.risk());
    same(diff, "minDuration", given.minDuration(), expected.minDuration());
    same(diff, "requesters", given.requesters(), expected.requesters());
    same(diff, "approvers", given.approvers(), expected.approvers());
    same(diff, "approvalsRequired", given.approvalsRequired(), expected.approvalsRequired());
    same(diff, "approvalStages", given.approvalStages(), expected.approvalStages());
    same(diff, "catalogVersion", given.catalogVersion(), expected.catalogVersion());
    same(diff, "approvalTimeout", given.approvalTimeout(), expected.approvalTimeout());
    same(diff, "admins", given.admins(), expected.admins());
    same(diff, "reasonRequired", given.reasonRequired(), expected.reasonRequired());
    same(diff, "notifyPlan", given.notifyPlan(), expected.notifyPlan());
    same(diff, "userRole", given.userRole(), expected.userRole());
    same(diff, "authKey", given.authKey(), expected.authKey());
    same(diff, "justification", given.justification(), expected.justification());
    // A forged snapshot must not let anyone break glass the config does not name.
    same(diff, "breakGlass", given.breakGlass(), expected.breakGlass());
    // Whether capability roles count on the grant is the worker's config's say, never the input's.
    same(diff, "roleCapability", given.roleCapability(), expected.roleCapability());
    if (!fromCapability) {
      same(diff, "maxDuration", given.maxDuration(), expected.maxDuration());
      same(diff, "kubernetes", given.kubernetes(), expected.kubernetes());
      return diff;
    }
    if (given.maxDuration() == null || given.maxDuration().compareTo(expected.maxDuration()) > 0) {
      diff.add("maxDuration");
    }
    String givenNamespace = given.kubernetes() == null ? null : given.kubernetes().namespace();
    String expectedNamespace =
        expected.kubernetes() == null ? null : expected.kubernetes().namespace();
    same(diff, "kubernetes.namespace", givenNamespace, expectedNamespace);
    if (given.kubernetes() == null
        || given.kubernetes().clusterRole() == null
        || given.kubernetes().clusterRole().isBlank()) {
      diff.add("kubernetes.clusterRole");
    }
    return diff;
  }

  private static void same(List<String> diff, String field, Object given, Object expected) {
    if (!Objects.equals(given, expected)) {
      diff.add(field);
    }
  }

  /**
   * JSON turns a Long value into an Integer: compare posture values by what Tailscale would see.
   */
  private static String posture(PostureAttribute p) {
    return p == null ? null : p.key() + "=" + p.value();
  }
}
