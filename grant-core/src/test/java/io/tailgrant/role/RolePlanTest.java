package io.tailgrant.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a role manager writes, case by case. */
class RolePlanTest {
  static final String ALICE = "alice@example.com";
  static final Instant END = Instant.parse("2026-03-01T11:00:00Z");

  static RoleAsset asset(String grantId, String role) {
    return new RoleAsset(grantId, role, END);
  }

  static RoleSyncRequest request(
      List<RoleAsset> held, Set<String> adding, String baseline, String applied) {
    return new RoleSyncRequest(ALICE, held, adding, baseline, applied);
  }

  @Test
  void theFirstGrantRaisesTheRoleAndRemembersTheOldOne() {
    RoleSyncResult r =
        RolePlan.plan("member", request(List.of(asset("g-1", "admin")), Set.of("g-1"), null, null));
    assertEquals("admin", r.written());
    assertEquals("member", r.baseline());
    assertEquals("admin", r.applied());
    assertTrue(r.refusals().isEmpty());
  }

  @Test
  void anOwnerIsRefusedAndNothingIsWritten() {
    RoleSyncResult r =
        RolePlan.plan("owner", request(List.of(asset("g-1", "admin")), Set.of("g-1"), null, null));
    assertNull(r.written());
    assertTrue(r.refusals().get("g-1").contains("owner"));
  }

  @Test
  void aUserWhoAlreadyHoldsAHigherRoleIsRefused() {
    RoleSyncResult r =
        RolePlan.plan(
            "admin", request(List.of(asset("g-1", "network-admin")), Set.of("g-1"), null, null));
    assertNull(r.written());
    assertTrue(r.refusals().get("g-1").contains("already holds admin"));
  }

  @Test
  void anOverlappingHigherGrantRaisesFurtherAndTheLowerOneIsKeptUnderneath() {
    RoleSyncResult r =
        RolePlan.plan(
            "network-admin",
            request(
                List.of(asset("g-1", "network-admin"), asset("g-2", "admin")),
                Set.of("g-2"),
                "member",
                "network-admin"));
    assertEquals("admin", r.written());
    assertEquals("member", r.baseline());
    assertEquals("admin", r.applied());
  }

  @Test
  void anOverlappingLowerGrantIsAcceptedWithoutAWrite() {
    RoleSyncResult r =
        RolePlan.plan(
            "admin",
            request(
                List.of(asset("g-1", "admin"), asset("g-2", "auditor")),
                Set.of("g-2"),
                "member",
                "admin"));
    assertNull(r.written());
    assertTrue(r.refusals().isEmpty());
    assertEquals("admin", r.applied());
  }

  @Test
  void anOverlappingGrantNeitherAboveNorBelowIsRefused() {
    RoleSyncResult r =
        RolePlan.plan(
            "network-admin",
            request(
                List.of(asset("g-1", "network-admin"), asset("g-2", "it-admin")),
                Set.of("g-2"),
                "member",
                "network-admin"));
    assertNull(r.written());
    assertTrue(r.refusals().get("g-2").contains("neither above nor below"));
  }

  @Test
  void whenTheHigherGrantEndsTheRoleDropsToTheHighestStillHeld() {
    RoleSyncResult r =
        RolePlan.plan(
            "admin", request(List.of(asset("g-1", "network-admin")), Set.of(), "member", "admin"));
    assertEquals("network-admin", r.written());
    assertEquals("network-admin", r.applied());
  }

  @Test
  void theLastEndRestoresTheRoleTheUserHadBefore() {
    RoleSyncResult r = RolePlan.plan("admin", request(List.of(), Set.of(), "member", "admin"));
    assertEquals("member", r.written());
    assertNull(r.baseline());
    assertNull(r.applied());
    assertTrue(r.note().contains("restored"), r.note());
  }

  @Test
  void aRoleChangedByHandIsLeftAsItIsAtTheEnd() {
    RoleSyncResult r =
        RolePlan.plan("network-admin", request(List.of(), Set.of(), "member", "admin"));
    assertNull(r.written());
    assertNull(r.applied());
    assertTrue(r.note().contains("changed by hand"), r.note());
  }

  @Test
  void aRoleLoweredByHandDuringTheGrantIsPutBack() {
    RoleSyncResult r =
        RolePlan.plan(
            "member", request(List.of(asset("g-1", "admin")), Set.of(), "member", "admin"));
    assertEquals("admin", r.written());
    assertTrue(r.note().contains("put back"), r.note());
  }

  @Test
  void aRoleRaisedByHandDuringTheGrantIsNeitherLoweredNowNorRestoredLater() {
    RoleSyncResult during =
        RolePlan.plan(
            "admin",
            request(List.of(asset("g-1", "network-admin")), Set.of(), "member", "network-admin"));
    assertNull(during.written());
    assertEquals("network-admin", during.applied());
    RoleSyncResult end =
        RolePlan.plan("admin", request(List.of(), Set.of(), "member", during.applied()));
    assertNull(end.written());
  }

  @Test
  void nothingHeldAndNothingSetIsNoChange() {
    RoleSyncResult r = RolePlan.plan("member", request(List.of(), Set.of(), null, null));
    assertNull(r.written());
    assertNull(r.note());
  }
}
