package io.tailgrant.role;

import io.tailgrant.grant.TailnetRoles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to write to a user's role, given the role the API shows now and what active grants hold: the
 * highest role any of them holds while one is active, the user's own role back once none is, and
 * never a change to an owner, a lowered role, or a role someone changed by hand since TailGrant set
 * it. Pure: the sync activity reads the user, asks this, and writes what it says.
 */
public final class RolePlan {
  private RolePlan() {}

  /** The plan for {@code request} when the user's role is {@code current} now. */
  public static RoleSyncResult plan(String current, RoleSyncRequest request) {
    String login = request.login();
    String applied = request.applied();
    // What the user holds on their own, before TailGrant: the rules compare new grants with it.
    String base = applied == null ? current : request.baseline();
    Map<String, String> refusals = new LinkedHashMap<>();
    List<RoleAsset> accepted = new ArrayList<>();
    for (RoleAsset a : request.held()) {
      if (!request.adding().contains(a.grantId())) {
        accepted.add(a);
      }
    }
    for (RoleAsset a : request.held()) {
      if (!request.adding().contains(a.grantId())) {
        continue;
      }
      String why = TailnetRoles.refusal(login, base, a.role()).orElse(null);
      if (why == null) {
        for (RoleAsset other : accepted) {
          if (!TailnetRoles.comparable(a.role(), other.role())) {
            why =
                login
                    + " holds "
                    + other.role()
                    + " through grant "
                    + other.grantId()
                    + "; "
                    + a.role()
                    + " is neither above nor below it";
            break;
          }
        }
      }
      if (why == null) {
        accepted.add(a);
      } else {
        refusals.put(a.grantId(), why);
      }
    }
    String wanted =
        TailnetRoles.highest(accepted.stream().map(RoleAsset::role).toList()).orElse(null);
    if (wanted != null) {
      return hold(current, wanted, request, refusals);
    }
    if (applied == null) {
      return new RoleSyncResult(current, null, null, null, refusals, null);
    }
    if (current.equals(applied)) {
      return new RoleSyncResult(
          current,
          request.baseline(),
          null,
          null,
          refusals,
          "role " + applied + " → " + request.baseline() + " (restored)");
    }
    return new RoleSyncResult(
        current,
        null,
        null,
        null,
        refusals,
        "role left as "
            + current
            + ": it was changed by hand from "
            + applied
            + ", which TailGrant set, so "
            + request.baseline()
            + " is not restored");
  }

  private static RoleSyncResult hold(
      String current, String wanted, RoleSyncRequest request, Map<String, String> refusals) {
    String applied = request.applied();
    if (applied == null) {
      return new RoleSyncResult(
          current, wanted, current, wanted, refusals, "role " + current + " → " + wanted);
    }
    if (current.equals(wanted)) {
      return new RoleSyncResult(
          current, null, request.baseline(), wanted, refusals, "role " + wanted + " held");
    }
    if (current.equals(applied)) {
      return new RoleSyncResult(
          current,
          wanted,
          request.baseline(),
          wanted,
          refusals,
          "role " + current + " → " + wanted + " (the highest an active grant holds)");
    }
    if (TailnetRoles.covers(current, wanted)) {
      // Raised by hand past what TailGrant set: not ours to lower, now or at the end.
      return new RoleSyncResult(
          current,
          null,
          request.baseline(),
          applied,
          refusals,
          "role " + current + " (raised by hand) covers " + wanted);
    }
    return new RoleSyncResult(
        current,
        wanted,
        request.baseline(),
        wanted,
        refusals,
        "role " + wanted + " put back (it had been changed by hand to " + current + ")");
  }
}
