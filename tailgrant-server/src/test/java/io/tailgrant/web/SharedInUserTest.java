package io.tailgrant.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.config.GrantTypeConfig;
import io.tailgrant.config.TailGrantConfig;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.Policy;
import io.tailgrant.grant.PostureAttribute;
import io.tailgrant.grant.Risk;
import io.tailgrant.grant.TargetRule;
import io.tailgrant.web.ApiClient.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * eve-laptop is shared into the tailnet from another one: eve reaches TailGrant, but she is not a
 * member, so a grant type open to autogroup:member is not hers to request (as in Tailscale's
 * policy).
 */
class SharedInUserTest {
  static ServerTestStack stack;

  @BeforeAll
  static void start() {
    stack = ServerTestStack.start(SharedInUserTest::withWikiForEveryMember);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  /** The test config plus a low-risk type every member may request. */
  static TailGrantConfig withWikiForEveryMember(TailGrantConfig c) {
    List<GrantTypeConfig> types = new ArrayList<>(c.grantTypes());
    types.add(
        new GrantTypeConfig(
            "wiki-edit",
            "Edit the wiki",
            GrantKind.POSTURE,
            List.of(),
            new PostureAttribute("custom:tailgrant_wiki", true),
            TargetRule.ownDevice(),
            Duration.ofMinutes(5),
            Duration.ofHours(2),
            Duration.ofHours(1),
            Risk.LOW,
            List.of(Policy.ANY_MEMBER),
            List.of(),
            1,
            Duration.ofHours(1),
            false,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            0,
            null,
            null));
    return new TailGrantConfig(
        c.source(),
        c.temporal(),
        c.tailscale(),
        c.server(),
        c.groups(),
        c.admins(),
        types,
        c.reconcileInterval(),
        c.auditFile(),
        c.kubernetes(),
        c.operationsListen(),
        c.limits());
  }

  @Test
  void aSharedInUserIsIdentifiedButIsNoMember() {
    ApiClient eve = stack.as("eve-laptop");
    Answer me = eve.get("/api/v1/me");
    assertEquals(200, me.status(), me::toString);
    assertEquals("eve@partner.example", me.json().path("login").asText());

    Answer types = eve.get("/api/v1/grant-types");
    assertEquals(200, types.status());
    assertTrue(
        GrantApiTest.names(types.json()).isEmpty(), "no type is open to her: " + types.body());

    Answer request = eve.post("/api/v1/grants", GrantRequests.body("wiki-edit", null, null, "x"));
    assertEquals(403, request.status(), request::toString);
    assertTrue(
        request.json().path("message").asText().contains("shared into the tailnet"),
        request::toString);
  }

  @Test
  void aMemberMayRequestAnAnyMemberType() {
    assertTrue(
        GrantApiTest.names(stack.as("dave-laptop").get("/api/v1/grant-types").json())
            .contains("wiki-edit"));
    GrantRequests.request(stack.as("dave-laptop"), "wiki-edit", null, "30m", null);
  }
}
