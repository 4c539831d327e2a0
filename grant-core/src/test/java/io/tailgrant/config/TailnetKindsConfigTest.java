package io.tailgrant.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.authkey.AuthKeySpec;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.GrantSpec;
import io.tailgrant.grant.TargetRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user-role and auth-key grant types: what they take, and every refusal with its key. */
class TailnetKindsConfigTest {
  private static final String HEAD =
      """
      tailscale:
        oauth:
          clientId: kTestCNTRL
          clientSecretEnv: TAILGRANT_TEST_SECRET
      groups:
        group:sre: [bob@example.com, erin@example.com]
      admins: [carol@example.com]
      grantTypes:
      """;

  private static final String TAILNET_ADMIN =
      """
        - name: tailnet-admin
          description: Tailscale admin for an hour
          kind: user-role
          role: admin
          maxDuration: 2h
          risk: high
          requesters: [autogroup:member]
          approvers: [group:sre]
      """;

  private static final String CI_JOIN =
      """
        - name: ci-join
          description: Join one CI machine as tag:ci
          kind: auth-key
          tags: [tag:ci]
          removeDevices: true
          maxDuration: 30m
          risk: low
          requesters: [autogroup:member]
      """;

  @TempDir Path dir;
  private Path file;

  private TailGrantConfig load(String yaml) {
    try {
      file = dir.resolve("tailgrant.yaml");
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return ConfigLoader.load(file);
  }

  /** The one problem at {@code keyPath}, as its reason. */
  private String problemAt(String yaml, String keyPath) {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load(yaml));
    String prefix = file + ": " + keyPath + ": ";
    List<String> at = e.problems().stream().filter(p -> p.startsWith(prefix)).toList();
    assertEquals(1, at.size(), "expected one problem at " + keyPath + " in " + e.problems());
    return at.get(0).substring(prefix.length());
  }

  @Test
  void aUserRoleTypeGivesItsRoleToItsRequester() {
    TailGrantConfig c = load(HEAD + TAILNET_ADMIN);
    GrantTypeConfig t = c.grantType("tailnet-admin").orElseThrow();
    assertEquals(GrantKind.USER_ROLE, t.kind());
    assertEquals("admin", t.userRole());
    assertEquals(TargetRule.requester(), t.target());
    GrantSpec spec = c.spec(t);
    assertEquals("admin", spec.userRole());
    assertTrue(c.usesUserRoles());
    assertTrue(c.managedTags().isEmpty());
  }

  @Test
  void anAuthKeyTypeIsSingleUseAndEphemeralUnlessItSaysOtherwise() {
    TailGrantConfig c = load(HEAD + CI_JOIN);
    GrantTypeConfig t = c.grantType("ci-join").orElseThrow();
    assertEquals(GrantKind.AUTH_KEY, t.kind());
    assertEquals(new AuthKeySpec(false, true, true), t.authKey());
    assertEquals(TargetRule.newDevice(List.of("tag:ci")), t.target());
    assertEquals(Set.of("tag:ci"), c.authKeyTags());
    assertTrue(c.managedTags().isEmpty(), "key tags are not tags TailGrant adds to devices");
    assertFalse(c.usesUserRoles());
  }

  @Test
  void theOwnerRoleIsNeverGranted() {
    assertTrue(
        problemAt(HEAD + TAILNET_ADMIN.replace("role: admin", "role: owner"), "grantTypes[0].role")
            .contains("transferring ownership"));
  }

  @Test
  void memberAndUnknownRolesAreRefusedNamingTheChoices() {
    assertTrue(
        problemAt(HEAD + TAILNET_ADMIN.replace("role: admin", "role: member"), "grantTypes[0].role")
            .contains("nothing to grant"));
    String r =
        problemAt(HEAD + TAILNET_ADMIN.replace("role: admin", "role: root"), "grantTypes[0].role");
    assertTrue(r.contains("not a tailnet role") && r.contains("network-admin"), r);
  }

  @Test
  void aUserRoleTypeNeedsItsRole() {
    assertEquals(
        "is required",
        problemAt(HEAD + TAILNET_ADMIN.replace("    role: admin\n", ""), "grantTypes[0].role"));
  }

  @Test
  void aUserRoleTypeTakesNoTargetTagsOrPosture() {
    assertTrue(
        problemAt(HEAD + TAILNET_ADMIN + "    target: {rule: own-device}\n", "grantTypes[0].target")
            .contains("own role"));
    assertTrue(
        problemAt(HEAD + TAILNET_ADMIN + "    tags: [tag:ci]\n", "grantTypes[0].kind")
            .contains("not tags"));
  }

  @Test
  void anAuthKeyTypeNeedsTags() {
    assertTrue(
        problemAt(HEAD + CI_JOIN.replace("    tags: [tag:ci]\n", ""), "grantTypes[0].tags")
            .startsWith("is required"));
  }

  @Test
  void anAuthKeyTypeTakesNoTarget() {
    assertTrue(
        problemAt(
                HEAD + CI_JOIN + "    target: {rule: tagged, tags: [tag:ci]}\n",
                "grantTypes[0].target")
            .contains("joins with its key"));
  }

  @Test
  void anAuthKeyGrantCannotOutliveTailscalesNinetyDays() {
    assertTrue(
        problemAt(
                HEAD + CI_JOIN.replace("maxDuration: 30m", "maxDuration: 91d"),
                "grantTypes[0].maxDuration")
            .contains("90 days"));
  }

  @Test
  void keySettingsMustBeBooleans() {
    assertTrue(
        problemAt(HEAD + CI_JOIN + "    reusable: sometimes\n", "grantTypes[0].reusable")
            .contains("true or false"));
  }

  @Test
  void anAuthKeysTagsMustNotBeTagsATagsGrantAddsAndRemoves() {
    String tagsType =
        """
          - name: ci-deploy
            description: deploy
            kind: tags
            tags: [tag:ci]
            target: {rule: tagged, tags: [tag:runner]}
            maxDuration: 1h
            risk: low
            requesters: [autogroup:member]
        """;
    assertTrue(
        problemAt(HEAD + tagsType + CI_JOIN, "grantTypes[1].tags").contains("adds and removes"));
  }

  @Test
  void roleKindSettingsAreUnknownKeysElsewhere() {
    assertTrue(
        problemAt(HEAD + CI_JOIN + "    role: admin\n", "grantTypes[0].role")
            .contains("unknown key"));
  }
}
