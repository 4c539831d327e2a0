package io.tailgrant.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.catalog.CatalogAction;
import io.tailgrant.catalog.CatalogChange;
import io.tailgrant.catalog.CatalogState;
import io.tailgrant.grant.BreakGlass;
import io.tailgrant.grant.Principal;
import io.tailgrant.grant.Refusal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A grant type's {@code breakGlass} in the config: read into the snapshot with groups expanded,
 * shown per caller in the type list, and every mistake refused with its file, key and reason, by
 * the config file and the live catalogue alike.
 */
class BreakGlassConfigTest {
  private static final String HEAD =
      """
      tailscale:
        oauth:
          clientId: kTestCNTRL
          clientSecretEnv: TAILGRANT_TEST_SECRET
      groups:
        group:sre: [bob@example.com, erin@example.com]
      admins: [carol@example.com]
      liveGrantTypes:
        enabled: true
      """;

  /** ssh-prod-emergency with {@code breakGlass} lines of its own. */
  private static String type(String breakGlass) {
    return """
        grantTypes:
          - name: ssh-prod-emergency
            description: SSH to production in an emergency
            kind: posture
            posture: {key: "custom:tailgrant_ssh_prod", value: true}
            maxDuration: 2h
            risk: high
            requesters: [alice@example.com, dave@example.com]
            approvers: [group:sre]
        """
        + breakGlass.indent(4);
  }

  private static final String GOOD =
      """
      breakGlass:
        requesters: [dave@example.com, alice@example.com]
        reviewers: [group:sre]
        reviewWithin: 10m
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

  @Test
  void theRuleIsReadIntoTheSnapshotWithGroupsExpanded() {
    TailGrantConfig c = load(HEAD + type(GOOD));
    BreakGlass rule = c.spec(c.grantType("ssh-prod-emergency").orElseThrow()).breakGlass();
    assertEquals(Set.of("dave@example.com", "alice@example.com"), rule.requesters());
    assertEquals(Set.of("bob@example.com", "erin@example.com"), rule.reviewers());
    assertEquals(Duration.ofMinutes(10), rule.reviewWithin());
  }

  @Test
  void withoutReviewersTheTypesApproversReview() {
    TailGrantConfig c =
        load(HEAD + type("breakGlass: {requesters: [dave@example.com], reviewWithin: 15m}"));
    BreakGlass rule = c.spec(c.grantType("ssh-prod-emergency").orElseThrow()).breakGlass();
    assertEquals(Set.of("bob@example.com", "erin@example.com"), rule.reviewers());
  }

  @Test
  void aTypeWithoutItHasNone() {
    TailGrantConfig c = load(HEAD + type(""));
    assertNull(c.spec(c.grantType("ssh-prod-emergency").orElseThrow()).breakGlass());
  }

  @Test
  void theTypeListSaysWhetherBreakGlassAppliesToTheCaller() {
    GrantCatalog catalog = new GrantCatalog(load(HEAD + type(GOOD)));
    var dave = catalog.typesFor(new Principal("dave@example.com", "Dave", "n1", "d"), Map.of());
    assertTrue(dave.get(0).breakGlass());
    assertEquals("10m", dave.get(0).breakGlassReviewWithin());
    TailGrantConfig narrower =
        load(HEAD + type("breakGlass: {requesters: [dave@example.com], reviewWithin: 10m}"));
    var alice =
        new GrantCatalog(narrower)
            .typesFor(new Principal("alice@example.com", "Alice", "n2", "a"), Map.of());
    assertFalse(alice.get(0).breakGlass(), "alice may request it, but not break glass");
    assertNull(alice.get(0).breakGlassReviewWithin());
    assertEquals(
        Set.of("bob@example.com", "erin@example.com"),
        new GrantCatalog(narrower).breakGlassReviewers("ssh-prod-emergency"));
  }

  /** Each row: the breakGlass lines, the key path of the one problem, and part of its reason. */
  static Stream<Arguments> mistakes() {
    String at = "grantTypes[0].breakGlass.";
    return Stream.of(
        Arguments.of("breakGlass: {reviewWithin: 10m}", at + "requesters", "is required"),
        Arguments.of(
            "breakGlass: {requesters: [dave], reviewWithin: 10m}", at + "requesters", "login"),
        Arguments.of(
            "breakGlass: {requesters: [group:ops], reviewWithin: 10m}",
            at + "requesters",
            "not defined under groups"),
        Arguments.of(
            "breakGlass: {requesters: [dave@example.com], reviewers: [autogroup:member],"
                + " reviewWithin: 10m}",
            at + "reviewers",
            "not allowed here"),
        Arguments.of(
            "breakGlass: {requesters: [dave@example.com]}", at + "reviewWithin", "is required"),
        Arguments.of(
            "breakGlass: {requesters: [dave@example.com], reviewWithin: 10s}",
            at + "reviewWithin",
            "from 20s to 24h"),
        Arguments.of(
            "breakGlass: {requesters: [dave@example.com], reviewWithin: 25h}",
            at + "reviewWithin",
            "from 20s to 24h"),
        Arguments.of(
            "breakGlass: {requesters: [dave@example.com], reviewWithin: 3h}",
            at + "reviewWithin",
            "longer than maxDuration"),
        Arguments.of(
            "breakGlass: {requesters: [dave@example.com], reviewWithin: 10m, skip: true}",
            at + "skip",
            "unknown key"));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("mistakes")
  void everyMistakeIsRefusedWithItsFileKeyAndReason(String lines, String key, String reason) {
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> load(HEAD + type(lines)));
    String prefix = file + ": " + key + ": ";
    List<String> at = e.problems().stream().filter(p -> p.startsWith(prefix)).toList();
    assertEquals(1, at.size(), "expected one problem at " + key + " in " + e.problems());
    assertTrue(at.get(0).contains(reason), at.get(0));
  }

  @Test
  void theLiveCatalogueRefusesTheSameMistakesByTheSameRules() {
    LiveCatalog catalog = LiveCatalog.open(load(HEAD + type(GOOD)));
    Instant now = Instant.parse("2026-03-01T10:00:00Z");
    String definition =
        """
        description: SSH in an emergency
        kind: posture
        posture: {key: "custom:tailgrant_ssh_prod", value: true}
        maxDuration: 1h
        risk: high
        requesters: [dave@example.com]
        approvers: [group:sre]
        breakGlass: {requesters: [dave@example.com], reviewWithin: 2h}
        """;
    CatalogChange change =
        new CatalogChange(
            "carol@example.com", CatalogAction.CREATE, "ssh-break", definition, 0, 0, now);
    Refusal r =
        assertThrows(Refusal.class, () -> catalog.decide(CatalogState.empty(now), change, now));
    assertTrue(
        r.getMessage()
            .contains("grantTypes[ssh-break].breakGlass.reviewWithin: is longer than maxDuration"),
        r.getMessage());
    CatalogChange good =
        new CatalogChange(
            "carol@example.com",
            CatalogAction.CREATE,
            "ssh-break",
            definition.replace("reviewWithin: 2h", "reviewWithin: 10m"),
            0,
            0,
            now);
    var decision = catalog.decide(CatalogState.empty(now), good, now);
    var resolved = catalog.resolve(CatalogState.empty(now).with(decision.entry(), 3));
    TailGrantConfig live = resolved.config();
    assertEquals(
        Duration.ofMinutes(10),
        live.spec(live.grantType("ssh-break").orElseThrow()).breakGlass().reviewWithin());
  }
}
