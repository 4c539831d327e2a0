package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How Tailscale's roles compare, and the refusals that follow from it. */
class TailnetRolesTest {

  @Test
  void adminCoversEveryAdministrativeRoleAndOwnerCoversAdmin() {
    for (String r : List.of("it-admin", "network-admin", "billing-admin", "auditor", "member")) {
      assertTrue(TailnetRoles.covers("admin", r), r);
      assertTrue(TailnetRoles.raises("admin", r), r);
    }
    assertTrue(TailnetRoles.covers("owner", "admin"));
    assertTrue(TailnetRoles.covers("auditor", "member"));
    assertFalse(TailnetRoles.covers("member", "auditor"));
  }

  @Test
  void itAdminAndNetworkAdminEachLackRightsOfTheOther() {
    assertFalse(TailnetRoles.comparable("it-admin", "network-admin"));
    assertFalse(TailnetRoles.comparable("billing-admin", "it-admin"));
    assertTrue(TailnetRoles.comparable("it-admin", "auditor"));
  }

  @Test
  void theHighestRoleIsTheOneCoveringAllOthers() {
    assertEquals(
        Optional.of("admin"), TailnetRoles.highest(List.of("network-admin", "admin", "auditor")));
    assertEquals(Optional.empty(), TailnetRoles.highest(List.of("network-admin", "it-admin")));
    assertEquals(Optional.empty(), TailnetRoles.highest(List.of()));
  }

  @Test
  void anOwnerIsNeverChanged() {
    assertTrue(TailnetRoles.refusal("carol", "owner", "admin").orElseThrow().contains("owner"));
  }

  @Test
  void aRoleAlreadyHeldOrCoveredIsRefused() {
    assertTrue(
        TailnetRoles.refusal("alice", "admin", "admin")
            .orElseThrow()
            .contains("already holds admin"));
    assertTrue(
        TailnetRoles.refusal("alice", "admin", "network-admin")
            .orElseThrow()
            .contains("includes network-admin"));
  }

  @Test
  void aSidewaysMoveWouldLowerTheRoleAndIsRefused() {
    assertTrue(
        TailnetRoles.refusal("alice", "network-admin", "it-admin")
            .orElseThrow()
            .contains("never lowers a role"));
  }

  @Test
  void aRoleAboveTheCurrentOneIsGiven() {
    assertEquals(Optional.empty(), TailnetRoles.refusal("alice", "member", "admin"));
    assertEquals(Optional.empty(), TailnetRoles.refusal("alice", "auditor", "network-admin"));
  }
}
