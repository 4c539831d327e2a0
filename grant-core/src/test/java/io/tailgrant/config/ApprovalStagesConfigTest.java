package io.tailgrant.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.grant.GrantSpec;
import io.tailgrant.grant.QuorumStage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A grant type's approvalStages: what it takes, what the snapshot holds, every refusal. */
class ApprovalStagesConfigTest {
  private static final String HEAD =
      """
      tailscale:
        oauth:
          clientId: kTestCNTRL
          clientSecretEnv: TAILGRANT_TEST_SECRET
      groups:
        group:sre: [bob@example.com, erin@example.com]
        group:security: [erin@example.com, frank@example.com]
        group:solo: [erin@example.com]
      admins: [carol@example.com]
      grantTypes:
        - name: db-staged
          description: staged
          kind: posture
          posture: {key: "custom:tailgrant_db", value: true}
          maxDuration: 1h
          requesters: [autogroup:member]
      """;

  @TempDir Path dir;
  private Path file;

  private TailGrantConfig load(String typeLines) {
    try {
      file = dir.resolve("tailgrant.yaml");
      Files.writeString(file, HEAD + typeLines.indent(4));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return ConfigLoader.load(file);
  }

  @Test
  void stagesExpandTheirGroupsIntoTheSnapshot() {
    TailGrantConfig config =
        load(
            """
            risk: high
            approvalStages:
              - {approvers: [group:sre], required: 1}
              - {name: security, approvers: [group:security, carol@example.com], required: 2}
            """);
    GrantTypeConfig type = config.grantType("db-staged").orElseThrow();
    GrantSpec spec = config.spec(type);

    assertEquals(
        List.of(
            new QuorumStage("group:sre", Set.of("bob@example.com", "erin@example.com"), 1),
            new QuorumStage(
                "security",
                Set.of("erin@example.com", "frank@example.com", "carol@example.com"),
                2)),
        spec.approvalStages());
    assertEquals(
        Set.of("bob@example.com", "erin@example.com", "frank@example.com", "carol@example.com"),
        spec.approvers(),
        "everyone in any stage approves (and may see and revoke the grant)");
    assertEquals(3, spec.approvalsRequired(), "the sum of the stages' counts");
  }

  @Test
  void theFlatFormHasNoStages() {
    TailGrantConfig config = load("risk: high\napprovers: [group:sre]\n");
    GrantSpec spec = config.spec(config.grantType("db-staged").orElseThrow());

    assertEquals(List.of(), spec.approvalStages());
    assertEquals(1, spec.approvalsRequired());
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(
            "risk: high\napprovers: [group:sre]\napprovalStages:\n  - {approvers: [group:sre]}\n",
            "grantTypes[0].approvalStages",
            "takes the place of approvers and approvalsRequired"),
        Arguments.of(
            "risk: high\napprovalsRequired: 2\napprovalStages:\n  - {approvers: [group:sre]}\n",
            "grantTypes[0].approvalStages",
            "takes the place of approvers and approvalsRequired"),
        Arguments.of(
            "risk: low\napprovalStages:\n  - {approvers: [group:sre]}\n",
            "grantTypes[0].approvalStages",
            "need risk medium or high"),
        Arguments.of(
            "risk: high\napprovalStages: []\n",
            "grantTypes[0].approvalStages",
            "must list 1 to 5 stages"),
        Arguments.of(
            "risk: high\napprovalStages:\n"
                + Stream.of(1, 2, 3, 4, 5, 6)
                    .map(i -> "  - {name: s" + i + ", approvers: [group:sre]}\n")
                    .reduce("", String::concat),
            "grantTypes[0].approvalStages",
            "must list 1 to 5 stages"),
        Arguments.of(
            "risk: high\napprovalStages:\n  - {required: 1}\n",
            "grantTypes[0].approvalStages[0].approvers",
            "is required"),
        Arguments.of(
            "risk: high\napprovalStages:\n  - {approvers: [group:nope]}\n",
            "grantTypes[0].approvalStages[0].approvers",
            "'group:nope' is not defined under groups"),
        Arguments.of(
            "risk: high\napprovalStages:\n  - {approvers: [autogroup:member]}\n",
            "grantTypes[0].approvalStages[0].approvers",
            "'autogroup:member' is not allowed here"),
        Arguments.of(
            "risk: high\napprovalStages:\n  - {approvers: [group:sre], required: 3}\n",
            "grantTypes[0].approvalStages[0].required",
            "3 approvals needed but only 2 approver(s) listed"),
        Arguments.of(
            "risk: high\napprovalStages:\n  - {approvers: [group:sre], required: 11}\n",
            "grantTypes[0].approvalStages[0].required",
            "must be a whole number from 1 to 10"),
        Arguments.of(
            "risk: high\napprovalStages:\n  - {approvers: [group:sre], quorum: 1}\n",
            "grantTypes[0].approvalStages[0].quorum",
            "unknown key (allowed: name, approvers, required)"),
        Arguments.of(
            "risk: high\napprovalStages:\n  - {approvers: [group:sre]}\n"
                + "  - {approvers: [group:sre]}\n",
            "grantTypes[0].approvalStages[1].name",
            "'group:sre' names another stage too"),
        Arguments.of(
            "risk: high\napprovalStages:\n  - {name: '"
                + "x".repeat(65)
                + "', approvers: [group:sre]}\n",
            "grantTypes[0].approvalStages[0].name",
            "must be 1 to 64 characters"),
        Arguments.of(
            // erin alone in two stages: she can count for one of them only.
            "risk: high\napprovalStages:\n  - {approvers: [group:solo]}\n"
                + "  - {approvers: [erin@example.com, group:solo], name: again}\n",
            "grantTypes[0].approvalStages",
            "the stages need 2 approvals from distinct people but only 1 can be found among"
                + " their approvers (a person counts for one stage only)"));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("refusals")
  void everyMistakeIsNamedWithItsKey(String typeLines, String key, String reason) {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load(typeLines));
    String prefix = file + ": " + key + ": ";
    List<String> at = e.problems().stream().filter(p -> p.startsWith(prefix)).toList();
    assertEquals(1, at.size(), "expected one problem at " + key + " in " + e.problems());
    assertTrue(at.get(0).contains(reason), at.get(0));
  }
}
