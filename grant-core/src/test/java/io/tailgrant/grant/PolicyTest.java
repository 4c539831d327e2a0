package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyTest {
  private static final Principal ALICE =
      new Principal("alice@example.com", "Alice", "nAliceLaptop", "alice-laptop");

  private static GrantSpec spec(GrantKind kind, TargetRule target, Set<String> requesters) {
    return new GrantSpec(
        "ci-deploy",
        "Deploy",
        kind,
        kind == GrantKind.TAGS ? List.of("tag:deploy") : List.of(),
        kind == GrantKind.POSTURE ? new PostureAttribute("custom:tailgrant_ssh", true) : null,
        target,
        Risk.HIGH,
        Duration.ofMinutes(5),
        Duration.ofHours(2),
        requesters,
        Set.of("bob@example.com", "erin@example.com", "alice@example.com"),
        1,
        Duration.ofHours(24),
        Set.of("carol@example.com"),
        true,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        0,
        null,
        null);
  }

  private static GrantSpec tagsSpec() {
    return spec(GrantKind.TAGS, TargetRule.tagged(List.of("tag:ci")), Set.of("alice@example.com"));
  }

  private static GrantSpec postureSpec() {
    return spec(GrantKind.POSTURE, TargetRule.ownDevice(), Set.of(Policy.ANY_MEMBER));
  }

  private static TargetDevice userDevice(String owner) {
    return new TargetDevice(
        "nLaptop", owner.substring(0, owner.indexOf('@')) + "-laptop", owner, List.of());
  }

  private static TargetDevice taggedDevice(String... tags) {
    return new TargetDevice("nRunner", "ci-runner", null, List.of(tags));
  }

  // ---------------------------------------------------------------- extend

  // ---------------------------------------------------------------- target

  @Test
  void tagsKindOnUserOwnedTargetIsRefused() {
    Refusal r =
        assertThrows(
            Refusal.class,
            () -> Policy.checkTarget(tagsSpec(), ALICE, userDevice("alice@example.com")));
    assertEquals(Refusal.Kind.BAD_REQUEST, r.kind());
    assertEquals("target_not_eligible", r.code());
    assertTrue(r.getMessage().contains("user-owned"), r.getMessage());
  }

  @Test
  void tagsKindWithOwnDeviceRuleOnUserOwnedTargetIsStillRefused() {
    // Config refuses this combination; Policy refuses it again in case a spec slips through.
    GrantSpec s = spec(GrantKind.TAGS, TargetRule.ownDevice(), Set.of(Policy.ANY_MEMBER));
    Refusal r =
        assertThrows(
            Refusal.class, () -> Policy.checkTarget(s, ALICE, userDevice("alice@example.com")));
    assertTrue(r.getMessage().contains("user-owned"), r.getMessage());
  }

  @Test
  void tagsKindOnTaggedTargetWithRequiredTagsIsAllowed() {
    assertDoesNotThrow(
        () -> Policy.checkTarget(tagsSpec(), ALICE, taggedDevice("tag:ci", "tag:linux")));
    assertTrue(Policy.isTargetEligible(tagsSpec(), ALICE, taggedDevice("tag:ci")));
  }

  @Test
  void taggedTargetMissingARequiredTagIsRefused() {
    Refusal r =
        assertThrows(
            Refusal.class, () -> Policy.checkTarget(tagsSpec(), ALICE, taggedDevice("tag:web")));
    assertEquals("target_not_eligible", r.code());
    assertTrue(r.getMessage().contains("tag:ci"), r.getMessage());
    assertFalse(Policy.isTargetEligible(tagsSpec(), ALICE, taggedDevice("tag:web")));
  }

  @Test
  void ownDeviceRuleAcceptsOnlyTheRequestersUserOwnedDevice() {
    assertDoesNotThrow(
        () -> Policy.checkTarget(postureSpec(), ALICE, userDevice("alice@example.com")));
    Refusal someoneElses =
        assertThrows(
            Refusal.class,
            () -> Policy.checkTarget(postureSpec(), ALICE, userDevice("bob@example.com")));
    assertEquals("target_not_eligible", someoneElses.code());
    assertThrows(
        Refusal.class, () -> Policy.checkTarget(postureSpec(), ALICE, taggedDevice("tag:ci")));
  }

  // ---------------------------------------------------------------- duration, reason, request

  @Test
  void durationOutOfRangeIsRefused() {
    for (Duration d :
        new Duration[] {
          Duration.ofMinutes(4), Duration.ofHours(2).plusSeconds(1), Duration.ofHours(5)
        }) {
      Refusal r = assertThrows(Refusal.class, () -> Policy.checkDuration(tagsSpec(), d));
      assertEquals(Refusal.Kind.BAD_REQUEST, r.kind());
      assertEquals("duration_out_of_range", r.code());
      assertTrue(r.getMessage().contains("5m to 2h"), r.getMessage());
    }
  }

  @Test
  void durationAtEitherBoundIsAllowed() {
    assertDoesNotThrow(() -> Policy.checkDuration(tagsSpec(), Duration.ofMinutes(5)));
    assertDoesNotThrow(() -> Policy.checkDuration(tagsSpec(), Duration.ofHours(2)));
  }

  @Test
  void reasonRequiredWhenConfigured() {
    Refusal r = assertThrows(Refusal.class, () -> Policy.checkReason(tagsSpec(), "  "));
    assertEquals("reason_required", r.code());
    assertThrows(Refusal.class, () -> Policy.checkReason(tagsSpec(), null));
    assertDoesNotThrow(() -> Policy.checkReason(tagsSpec(), "deploying 1.2"));
  }

  @Test
  void requestersListOrAnyMember() {
    assertDoesNotThrow(() -> Policy.checkMayRequest(tagsSpec(), ALICE));
    Refusal r =
        assertThrows(
            Refusal.class, () -> Policy.checkMayRequest(tagsSpec(), person("bob@example.com")));
    assertEquals(Refusal.Kind.FORBIDDEN, r.kind());
    assertFalse(Policy.mayRequest(tagsSpec(), person("bob@example.com")));
    assertTrue(Policy.mayRequest(postureSpec(), person("anyone@example.com")));
  }

  @Test
  void anyMemberExcludesUsersOfSharedInDevices() {
    Principal eve = new Principal("eve@partner.example", "Eve", "nEveLaptop", "eve-laptop", true);

    assertFalse(Policy.mayRequest(postureSpec(), eve));
    Refusal r = assertThrows(Refusal.class, () -> Policy.checkMayRequest(postureSpec(), eve));
    assertTrue(r.getMessage().contains("shared into the tailnet"), r.getMessage());
    GrantSpec listed =
        spec(GrantKind.POSTURE, TargetRule.ownDevice(), Set.of("eve@partner.example"));
    assertTrue(
        Policy.mayRequest(listed, eve), "listed by login, a shared-in user may still request");
  }

  private static Principal person(String login) {
    return new Principal(login, login, "n" + login.hashCode(), "laptop");
  }

  // ---------------------------------------------------------------- user-role and auth-key targets

  @Test
  void aUserRoleGrantTargetsItsRequesterAndNobodyElse() {
    GrantSpec role = spec(GrantKind.USER_ROLE, TargetRule.requester(), Set.of(Policy.ANY_MEMBER));
    assertDoesNotThrow(
        () -> Policy.checkTarget(role, ALICE, TargetDevice.user("alice@example.com")));
    Refusal r =
        assertThrows(
            Refusal.class,
            () -> Policy.checkTarget(role, ALICE, TargetDevice.user("bob@example.com")));
    assertEquals("target_not_eligible", r.code());
    assertThrows(Refusal.class, () -> Policy.checkTarget(role, ALICE, userDevice(ALICE.login())));
  }

  @Test
  void anAuthKeyGrantTargetsANewDeviceWithTheTypesTags() {
    GrantSpec key =
        spec(
            GrantKind.AUTH_KEY, TargetRule.newDevice(List.of("tag:ci")), Set.of(Policy.ANY_MEMBER));
    assertDoesNotThrow(
        () -> Policy.checkTarget(key, ALICE, TargetDevice.newDevice(List.of("tag:ci"))));
    assertThrows(
        Refusal.class,
        () -> Policy.checkTarget(key, ALICE, TargetDevice.newDevice(List.of("tag:prod"))));
    assertThrows(Refusal.class, () -> Policy.checkTarget(key, ALICE, taggedDevice("tag:ci")));
  }
}
