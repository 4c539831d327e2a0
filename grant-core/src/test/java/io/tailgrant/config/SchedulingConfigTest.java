package io.tailgrant.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.catalog.CatalogAction;
import io.tailgrant.catalog.CatalogChange;
import io.tailgrant.catalog.CatalogDecision;
import io.tailgrant.catalog.CatalogState;
import io.tailgrant.grant.Principal;
import io.tailgrant.grant.Refusal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A grant type's scheduling: what it takes, what the snapshot and the API hold, every refusal. */
class SchedulingConfigTest {
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
        - name: db-admin
          description: db
          kind: posture
          posture: {key: "custom:tailgrant_db", value: true}
          maxDuration: 1h
          risk: high
          requesters: [autogroup:member]
          approvers: [group:sre]
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
  void maxLeadReachesTheSnapshotAndTheApi() {
    TailGrantConfig config = load("scheduling: {maxLead: 7d}\n");
    GrantTypeConfig type = config.grantType("db-admin").orElseThrow();
    assertEquals(Duration.ofDays(7), type.schedulingMaxLead());
    assertEquals(Duration.ofDays(7), config.spec(type).schedulingMaxLead());
    GrantTypeInfo info =
        new GrantCatalog(config)
            .typesFor(
                new Principal("alice@example.com", "Alice", "n1", "alice-laptop"),
                java.util.Map.of())
            .get(0);
    assertEquals("7d", info.scheduling().maxLead());
  }

  @Test
  void withoutSchedulingATypeStartsWhenApproved() {
    TailGrantConfig config = load("");
    GrantTypeConfig type = config.grantType("db-admin").orElseThrow();
    assertNull(type.schedulingMaxLead());
    assertNull(config.spec(type).schedulingMaxLead());
  }

  @Test
  void leadsPrintAsWritten() {
    assertEquals("7d", SchedulingSection.format(Duration.ofDays(7)));
    assertEquals("2h", SchedulingSection.format(Duration.ofHours(2)));
    assertEquals("1h30m", SchedulingSection.format(Duration.ofMinutes(90)));
    assertEquals("1d", SchedulingSection.format(Duration.ofHours(24)));
  }

  /**
   * A live type is read by the same reader: its lead reaches the snapshot, a bad one is refused.
   */
  @Test
  void theLiveCatalogueReadsSchedulingAsTheFileDoes() throws IOException {
    Path f = dir.resolve("live.yaml");
    Files.writeString(f, LiveCatalogTest.FILE);
    LiveCatalog live = LiveCatalog.open(ConfigLoader.load(f));
    CatalogState s = CatalogState.empty(LiveCatalogTest.AT);
    CatalogChange ok =
        LiveCatalogTest.change(
            CatalogAction.CREATE,
            "ssh-later",
            LiveCatalogTest.SSH_SHORT + "scheduling: {maxLead: 2d}\n",
            0);
    CatalogDecision d = live.decide(s, ok, LiveCatalogTest.AT);
    s = s.with(d.entry(), d.versionsKept());
    GrantTypeConfig type = live.resolve(s).config().grantType("ssh-later").orElseThrow();
    assertEquals(Duration.ofDays(2), type.schedulingMaxLead());

    CatalogChange bad =
        LiveCatalogTest.change(
            CatalogAction.CREATE,
            "ssh-never",
            LiveCatalogTest.SSH_SHORT + "scheduling: {maxLead: 100d}\n",
            1);
    CatalogState before = s;
    Refusal r = assertThrows(Refusal.class, () -> live.decide(before, bad, LiveCatalogTest.AT));
    assertEquals("invalid_grant_type", r.code());
    assertTrue(
        r.getMessage().contains("grantTypes[ssh-never].scheduling.maxLead: is longer than 90d"),
        r.getMessage());
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("scheduling: {}\n", "grantTypes[0].scheduling.maxLead", "is required"),
        Arguments.of(
            "scheduling: {maxLead: soon}\n",
            "grantTypes[0].scheduling.maxLead",
            "'soon' is not a positive duration"),
        Arguments.of(
            "scheduling: {maxLead: 0m}\n",
            "grantTypes[0].scheduling.maxLead",
            "is not a positive duration"),
        Arguments.of(
            "scheduling: {maxLead: 91d}\n",
            "grantTypes[0].scheduling.maxLead",
            "is longer than 90d"),
        Arguments.of(
            "scheduling: {maxLead: 1d, lead: 2d}\n",
            "grantTypes[0].scheduling.lead",
            "unknown key (allowed: maxLead)"),
        Arguments.of("scheduling: 7d\n", "grantTypes[0].scheduling", "must be a mapping"));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("refusals")
  void everyMistakeIsNamedWithFileAndKey(String typeLines, String key, String reason) {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load(typeLines));
    String prefix = file + ": " + key + ": ";
    List<String> at = e.problems().stream().filter(p -> p.startsWith(prefix)).toList();
    assertEquals(1, at.size(), "expected one problem at " + key + " in " + e.problems());
    assertTrue(at.get(0).contains(reason), at.get(0));
  }
}
