package io.tailgrant.web;

import static io.tailgrant.web.GrantRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.config.TailGrantConfig;
import io.tailgrant.grant.Refusal;
import io.tailgrant.identity.Caller;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A grant keeps the approvers it was requested with, but a decision must also be allowed by the
 * config in force now: bob, taken out of group:sre (config change, restart), decides nothing more
 * on grants that were waiting for him.
 */
class StaleAuthorityTest extends ServerStackTest {

  /** The server after bob left group:sre. */
  static GrantService afterBobLeft() {
    TailGrantConfig c = stack.config;
    Map<String, List<String>> groups = new java.util.LinkedHashMap<>(c.groups());
    groups.put("group:sre", List.of("erin@example.com"));
    TailGrantConfig changed =
        new TailGrantConfig(
            c.source(),
            c.temporal(),
            c.tailscale(),
            c.server(),
            groups,
            c.admins(),
            c.grantTypes(),
            c.reconcileInterval(),
            c.auditFile(),
            c.kubernetes(),
            c.operationsListen(),
            c.limits());
    return new GrantService(
        changed, stack.env.getWorkflowClient(), ServerTestStack.envClock(stack.env));
  }

  static Caller bob() {
    var d = stack.device("bob-laptop");
    return new Caller("bob@example.com", "Bob Example", d.nodeId(), d.hostname(), Map.of());
  }

  @Test
  void aRemovedApproverCanNoLongerDecide() {
    String id = request(stack.as("alice-laptop"), "db-admin");
    GrantService now = afterBobLeft();

    for (String action : List.of("approve", "deny")) {
      Refusal r =
          assertThrows(
              Refusal.class,
              () -> {
                if (action.equals("approve")) {
                  now.approve(bob(), id, "ok");
                } else {
                  now.deny(bob(), id, "no");
                }
              });
      assertEquals(
          Refusal.Kind.NOT_FOUND,
          r.kind(),
          "no longer an approver: not even visible: " + r.getMessage());
    }
    assertTrue(
        now.list(bob(), "approvals").stream().noneMatch(g -> g.id().equals(id)),
        "not in bob's inbox any more");
    assertEquals(
        "pending_approval", GrantRequests.status(stack.as("alice-laptop"), id), "nothing changed");
  }

  @Test
  void anApproverWhoIsStillOneDecides() {
    String id = request(stack.as("alice-laptop"), "db-admin");
    var erin = stack.device("erin-laptop");

    assertEquals(
        "active",
        afterBobLeft()
            .approve(
                new Caller("erin@example.com", "Erin", erin.nodeId(), erin.hostname(), Map.of()),
                id,
                "ok")
            .status()
            .wire());
  }
}
