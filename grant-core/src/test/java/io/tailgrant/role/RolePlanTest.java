package io.tailgrant.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a role manager writes, case by case. */
class RolePlanTest {
  static final String ALICE = "alice@example.com";
  static final Instant END = Instant.parse("2026-03-01T11:00:00Z");
  static final String MEMBER = "member";
  static final String ADMIN = "admin";
  static final String NETWORK_ADMIN = "network-admin";

  static RoleAsset asset(String grantId, String role) {
    return new RoleAsset(grantId, role, END);
  }

  static RoleSyncRequest request(
      List<RoleAsset> held, Set<String> adding, String baseline, String applied) {
    return new RoleSyncRequest(ALICE, held, adding, baseline, applied);
  }

  /**
   * One case: the role the API shows now, what the manager asks (the grants held, those being
   * added, the role remembered from before, the role TailGrant last set), and what the plan says:
   * the role written (null: no write), remembered and set afterwards, the grant refused (null:
   * none), and what the refusal or else the note says (null: no note).
   */
  static Arguments row(
      String name,
      String current,
      RoleSyncRequest request,
      String written,
      String baseline,
      String applied,
      String refused,
      String says) {
    return Arguments.of(name, current, request, written, baseline, applied, refused, says);
  }

  static Stream<Arguments> plans() {
    return Stream.of(
        row(
            "the first grant raises the role and remembers the old one",
            MEMBER,
            request(List.of(asset("g-1", ADMIN)), Set.of("g-1"), null, null),
            ADMIN,
            MEMBER,
            ADMIN,
            null,
            "member → admin"),
        row(
            "an owner is refused and nothing is written",
            "owner",
            request(List.of(asset("g-1", ADMIN)), Set.of("g-1"), null, null),
            null,
            null,
            null,
            "g-1",
            "owner"),
        row(
            "a user who already holds a higher role is refused",
            ADMIN,
            request(List.of(asset("g-1", NETWORK_ADMIN)), Set.of("g-1"), null, null),
            null,
            null,
            null,
            "g-1",
            "already holds admin"),
        row(
            "an overlapping higher grant raises further, the lower one kept underneath",
            NETWORK_ADMIN,
            request(
                List.of(asset("g-1", NETWORK_ADMIN), asset("g-2", ADMIN)),
                Set.of("g-2"),
                MEMBER,
                NETWORK_ADMIN),
            ADMIN,
            MEMBER,
            ADMIN,
            null,
            "the highest an active grant holds"),
        row(
            "an overlapping lower grant is accepted without a write",
            ADMIN,
            request(
                List.of(asset("g-1", ADMIN), asset("g-2", "auditor")),
                Set.of("g-2"),
                MEMBER,
                ADMIN),
            null,
            MEMBER,
            ADMIN,
            null,
            "held"),
        row(
            "an overlapping grant neither above nor below is refused",
            NETWORK_ADMIN,
            request(
                List.of(asset("g-1", NETWORK_ADMIN), asset("g-2", "it-admin")),
                Set.of("g-2"),
                MEMBER,
                NETWORK_ADMIN),
            null,
            MEMBER,
            NETWORK_ADMIN,
            "g-2",
            "neither above nor below"),
        row(
            "when the higher grant ends the role drops to the highest still held",
            ADMIN,
            request(List.of(asset("g-1", NETWORK_ADMIN)), Set.of(), MEMBER, ADMIN),
            NETWORK_ADMIN,
            MEMBER,
            NETWORK_ADMIN,
            null,
            "the highest an active grant holds"),
        row(
            "the last end restores the role the user had before",
            ADMIN,
            request(List.of(), Set.of(), MEMBER, ADMIN),
            MEMBER,
            null,
            null,
            null,
            "restored"),
        row(
            "a role changed by hand is left as it is at the end",
            NETWORK_ADMIN,
            request(List.of(), Set.of(), MEMBER, ADMIN),
            null,
            null,
            null,
            null,
            "changed by hand"),
        row(
            "a role lowered by hand during the grant is put back",
            MEMBER,
            request(List.of(asset("g-1", ADMIN)), Set.of(), MEMBER, ADMIN),
            ADMIN,
            MEMBER,
            ADMIN,
            null,
            "put back"),
        row(
            "nothing held and nothing set is no change",
            MEMBER,
            request(List.of(), Set.of(), null, null),
            null,
            null,
            null,
            null,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void thePlan(
      String name,
      String current,
      RoleSyncRequest request,
      String written,
      String baseline,
      String applied,
      String refused,
      String says) {
    RoleSyncResult r = RolePlan.plan(current, request);

    assertEquals(written, r.written(), "written");
    assertEquals(baseline, r.baseline(), "remembered");
    assertEquals(applied, r.applied(), "set");
    assertEquals(refused == null ? Set.of() : Set.of(refused), r.refusals().keySet());
    String text = refused != null ? r.refusals().get(refused) : r.note();
    if (says == null) {
      assertNull(text);
    } else {
      assertTrue(text != null && text.contains(says), text);
    }
  }

  @Test
  void aRoleRaisedByHandDuringTheGrantIsNeitherLoweredNowNorRestoredLater() {
    RoleSyncResult during =
        RolePlan.plan(
            ADMIN, request(List.of(asset("g-1", NETWORK_ADMIN)), Set.of(), MEMBER, NETWORK_ADMIN));
    assertNull(during.written());
    assertEquals(NETWORK_ADMIN, during.applied());
    RoleSyncResult end =
        RolePlan.plan(ADMIN, request(List.of(), Set.of(), MEMBER, during.applied()));
    assertNull(end.written());
  }
}
