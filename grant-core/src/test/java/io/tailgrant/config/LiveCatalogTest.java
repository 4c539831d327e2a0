package io.tailgrant.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.catalog.CatalogAction;
import io.tailgrant.catalog.CatalogChange;
import io.tailgrant.catalog.CatalogDecision;
import io.tailgrant.catalog.CatalogEntry;
import io.tailgrant.catalog.CatalogState;
import io.tailgrant.grant.GrantSpec;
import io.tailgrant.grant.Refusal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Grant types managed live: every change is read by the file's own rules, gives only what a file
 * type gives, is an admin's, and is versioned so it can be rolled back; the worker trusts a version
 * only when its own file says so.
 */
class LiveCatalogTest {
  static final String CAROL = "carol@example.com";
  static final String ALICE = "alice@example.com";
  static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

  static final String FILE =
      """
      tailscale:
        oauth:
          clientId: kTestCNTRL
          clientSecretEnv: TAILGRANT_TEST_SECRET
      groups:
        group:eng: [alice@example.com]
        group:sre: [bob@example.com, erin@example.com]
      admins: [carol@example.com]
      liveGrantTypes:
        enabled: true
        maxTypes: 6
        maxDefinitionBytes: 1024
        versionsKept: 3
      grantTypes:
        - name: ssh-prod
          description: SSH to production
          kind: posture
          posture: {key: "custom:tailgrant_ssh_prod", value: true}
          maxDuration: 8h
          risk: low
          requesters: [group:eng]
        - name: db-admin
          description: Database admin
          kind: posture
          posture: {key: "custom:tailgrant_db_admin", value: true}
          maxDuration: 4h
          risk: high
          requesters: [group:eng]
          approvers: [group:sre]
        - name: ci-deploy
          description: Let a CI runner deploy
          kind: tags
          tags: [tag:deploy]
          target: {rule: tagged, tags: [tag:ci]}
          maxDuration: 2h
          risk: medium
          requesters: [group:eng]
          approvers: [group:sre]
      """;

  /** ssh-prod's access for an hour at most, approved by an SRE: what carol adds live. */
  static final String SSH_SHORT =
      """
      description: SSH to production, one hour, an SRE approves
      kind: posture
      posture: {key: "custom:tailgrant_ssh_prod", value: true}
      maxDuration: 1h
      risk: high
      requesters: [group:eng]
      approvers: [group:sre]
      """;

  @TempDir Path dir;
  LiveCatalog catalog;

  LiveCatalog open(String yaml) {
    try {
      Path file = dir.resolve("tailgrant.yaml");
      Files.writeString(file, yaml);
      return LiveCatalog.open(ConfigLoader.load(file));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void start() {
    catalog = open(FILE);
  }

  static CatalogChange change(CatalogAction action, String name, String definition, long base) {
    return new CatalogChange(CAROL, action, name, definition, 0, base, AT);
  }

  /** Applies {@code change} to {@code state} as the catalogue workflow would. */
  CatalogState apply(CatalogState state, CatalogChange change) {
    CatalogDecision d = catalog.decide(state, change, AT);
    return state.with(d.entry(), d.versionsKept());
  }

  static Stream<Arguments> refusals() {
    String tags =
        "description: d\nkind: tags\ntags: [tag:deploy]\ntarget: {rule: tagged, tags: [tag:ci]}\nmaxDuration: 1h\n"
            + "risk: low\nrequesters: [group:eng]\n";
    return Stream.of(
        Arguments.of("not an admin", ALICE, CatalogAction.CREATE, "x", SSH_SHORT, "forbidden"),
        Arguments.of(
            "a name taken",
            CAROL,
            CatalogAction.CREATE,
            "ssh-prod",
            SSH_SHORT,
            "grant_type_exists"),
        Arguments.of("a bad name", CAROL, CatalogAction.CREATE, "Bad_Name", SSH_SHORT, "bad_name"),
        Arguments.of(
            "another name inside",
            CAROL,
            CatalogAction.CREATE,
            "x",
            "name: y\n" + SSH_SHORT,
            "name_mismatch"),
        Arguments.of(
            "an unknown key",
            CAROL,
            CatalogAction.CREATE,
            "x",
            SSH_SHORT + "bogus: 1\n",
            "invalid_grant_type"),
        Arguments.of(
            "no maxDuration",
            CAROL,
            CatalogAction.CREATE,
            "x",
            SSH_SHORT.replace("maxDuration: 1h\n", ""),
            "invalid_grant_type"),
        Arguments.of(
            "an undefined group",
            CAROL,
            CatalogAction.CREATE,
            "x",
            SSH_SHORT.replace("[group:sre]", "[group:nope]"),
            "invalid_grant_type"),
        Arguments.of(
            "a posture attribute no file type sets",
            CAROL,
            CatalogAction.CREATE,
            "x",
            SSH_SHORT.replace("tailgrant_ssh_prod", "tailgrant_root"),
            "access_not_in_file"),
        Arguments.of(
            "a tag no file type adds",
            CAROL,
            CatalogAction.CREATE,
            "x",
            tags.replace("tag:deploy", "tag:prod"),
            "access_not_in_file"),
        Arguments.of(
            "a wider target",
            CAROL,
            CatalogAction.CREATE,
            "x",
            tags.replace(
                "target: {rule: tagged, tags: [tag:ci]}", "target: {rule: tagged, tags: [tag:x]}"),
            "access_not_in_file"),
        Arguments.of("not YAML", CAROL, CatalogAction.CREATE, "x", "{kind: [", "bad_definition"),
        Arguments.of("a list", CAROL, CatalogAction.CREATE, "x", "- a\n- b\n", "bad_definition"),
        Arguments.of("nothing", CAROL, CatalogAction.CREATE, "x", " ", "bad_definition"),
        Arguments.of(
            "too large",
            CAROL,
            CatalogAction.CREATE,
            "x",
            SSH_SHORT.replace("one hour", "x".repeat(1100)),
            "definition_too_large"),
        Arguments.of("changing nothing", CAROL, CatalogAction.CHANGE, "x", SSH_SHORT, "not_found"),
        Arguments.of("retiring nothing", CAROL, CatalogAction.RETIRE, "x", null, "not_found"),
        Arguments.of(
            "rolling a live-only type back to the file",
            CAROL,
            CatalogAction.ROLLBACK,
            "x",
            null,
            "not_in_file"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void everyBadChangeIsRefusedWithItsReason(
      String title, String actor, CatalogAction action, String name, String def, String code) {
    CatalogChange c = new CatalogChange(actor, action, name, def, 0, 0, AT);

    Refusal r = assertThrows(Refusal.class, () -> catalog.decide(CatalogState.empty(AT), c, AT));
    assertEquals(code, r.code(), () -> title + ": " + r.getMessage());
  }

  @Test
  void problemsNameTheTypeAndTheKeyAsTheFileWould() {
    Refusal r =
        assertThrows(
            Refusal.class,
            () ->
                catalog.decide(
                    CatalogState.empty(AT),
                    change(
                        CatalogAction.CREATE,
                        "ssh-short",
                        SSH_SHORT.replace("maxDuration: 1h\n", "") + "bogus: 1\n",
                        0),
                    AT));
    assertTrue(r.getMessage().contains("grantTypes[ssh-short].bogus: unknown key"), r.getMessage());
    assertTrue(
        r.getMessage().contains("grantTypes[ssh-short].maxDuration: is required"), r.getMessage());
    assertFalse(r.getMessage().contains(dir.toString()), "no file path: " + r.getMessage());
  }

  @Test
  void withLiveEditingOffNothingChanges() {
    LiveCatalog off = open(FILE.replace("enabled: true", "enabled: false"));

    Refusal r =
        assertThrows(
            Refusal.class,
            () ->
                off.decide(
                    CatalogState.empty(AT),
                    change(CatalogAction.CREATE, "ssh-short", SSH_SHORT, 0),
                    AT));
    assertEquals("live_editing_off", r.code());
    assertFalse(off.enabled());
  }

  @Test
  void atMostMaxTypesAreInForce() {
    CatalogState s = CatalogState.empty(AT);
    for (int i = 1; i <= 3; i++) {
      s = apply(s, change(CatalogAction.CREATE, "ssh-" + i, SSH_SHORT, s.version()));
    }
    CatalogState full = s;
    Refusal r =
        assertThrows(
            Refusal.class,
            () -> catalog.decide(full, change(CatalogAction.CREATE, "ssh-4", SSH_SHORT, 3), AT));
    assertEquals("too_many_grant_types", r.code(), r.getMessage());
  }

  @Test
  void aTypeIsCreatedChangedRetiredAndRolledBackEachAsANewVersion() {
    CatalogState s = CatalogState.empty(AT);
    s = apply(s, change(CatalogAction.CREATE, "ssh-short", SSH_SHORT, 0));
    LiveCatalog.Resolved v1 = catalog.resolve(s);
    GrantTypeConfig created = v1.config().grantType("ssh-short").orElseThrow();
    assertEquals(1, created.catalogVersion());
    assertEquals(Duration.ofHours(1), created.maxDuration());
    assertEquals(1, v1.config().spec(created).catalogVersion(), "the snapshot names its version");
    assertEquals(0, v1.config().grantType("ssh-prod").orElseThrow().catalogVersion());

    s = apply(s, change(CatalogAction.CHANGE, "ssh-short", SSH_SHORT.replace("1h", "30m"), 1));
    CatalogEntry changed = s.latest("ssh-short").orElseThrow();
    assertEquals(2, changed.version());
    assertEquals("maxDuration: \"1h\" -> \"30m\"", changed.diff());
    assertEquals(CAROL, changed.actor());
    assertEquals(AT, changed.at());
    assertEquals(
        Duration.ofMinutes(30),
        catalog.resolve(s).config().grantType("ssh-short").orElseThrow().maxDuration());

    s = apply(s, change(CatalogAction.RETIRE, "ssh-short", null, 2));
    assertTrue(catalog.resolve(s).config().grantType("ssh-short").isEmpty(), "retired");

    s = apply(s, new CatalogChange(CAROL, CatalogAction.ROLLBACK, "ssh-short", null, 1, 3, AT));
    GrantTypeConfig back = catalog.resolve(s).config().grantType("ssh-short").orElseThrow();
    assertEquals(Duration.ofHours(1), back.maxDuration(), "version 1's definition again");
    assertEquals(4, back.catalogVersion(), "as a new version");
    assertEquals(
        List.of(4L, 3L, 2L),
        s.history("ssh-short").stream().map(CatalogEntry::version).toList(),
        "the last 3 versions are kept");
  }

  @Test
  void aFileTypeCanBeChangedRetiredAndPutBackAsTheFileHasIt() {
    CatalogState s = CatalogState.empty(AT);
    s = apply(s, change(CatalogAction.CHANGE, "db-admin", dbAdmin("2h"), 0));
    assertEquals(
        Duration.ofHours(2),
        catalog.resolve(s).config().grantType("db-admin").orElseThrow().maxDuration());

    s = apply(s, change(CatalogAction.RETIRE, "db-admin", null, 1));
    assertTrue(catalog.resolve(s).config().grantType("db-admin").isEmpty());
    // Seven more changes elsewhere: the retirement is out of the kept window but still in force.
    for (int i = 0; i < 4; i++) {
      s =
          apply(
              s,
              change(
                  i == 0 ? CatalogAction.CREATE : CatalogAction.CHANGE,
                  "ssh-short",
                  SSH_SHORT.replace("1h", (i + 1) + "h"),
                  s.version()));
    }
    assertTrue(s.entry(2).isPresent(), "a file type's retirement is kept while in force");
    assertTrue(catalog.resolve(s).config().grantType("db-admin").isEmpty());

    s = apply(s, new CatalogChange(CAROL, CatalogAction.ROLLBACK, "db-admin", null, 0, 6, AT));
    GrantTypeConfig file = catalog.resolve(s).config().grantType("db-admin").orElseThrow();
    assertEquals(Duration.ofHours(4), file.maxDuration());
    assertEquals(0, file.catalogVersion(), "the file's own again");
  }

  static String dbAdmin(String max) {
    return """
        description: Database admin
        kind: posture
        posture: {key: "custom:tailgrant_db_admin", value: true}
        maxDuration: %s
        risk: high
        requesters: [group:eng]
        approvers: [group:sre]
        """
        .formatted(max);
  }

  @Test
  void theWorkerTrustsAVersionOnlyIfItsOwnFileAgrees() {
    CatalogState s =
        apply(CatalogState.empty(AT), change(CatalogAction.CREATE, "ssh-short", SSH_SHORT, 0));

    TailGrantConfig at1 = catalog.configAt(s, "ssh-short", 1);
    GrantSpec spec = at1.spec(at1.grantType("ssh-short").orElseThrow());
    assertEquals(1, spec.catalogVersion());

    assertEquals(
        "forbidden",
        assertThrows(Refusal.class, () -> catalog.configAt(s, "ssh-short", 9)).code(),
        "a version not kept");
    assertEquals(
        "forbidden",
        assertThrows(Refusal.class, () -> catalog.configAt(s, "ssh-prod", 1)).code(),
        "a version of another type");
    CatalogEntry e = s.entry(1).orElseThrow();
    CatalogState byAlice =
        CatalogState.empty(AT)
            .with(
                new CatalogEntry(
                    1, e.name(), e.action(), e.definition(), false, false, 0, ALICE, AT, e.diff()),
                3);
    Refusal notAdmin = assertThrows(Refusal.class, () -> catalog.configAt(byAlice, "ssh-short", 1));
    assertTrue(notAdmin.getMessage().contains("no admin"), notAdmin.getMessage());
    CatalogState wider =
        CatalogState.empty(AT)
            .with(
                new CatalogEntry(
                    1,
                    e.name(),
                    e.action(),
                    e.definition().replace("tailgrant_ssh_prod", "tailgrant_root"),
                    false,
                    false,
                    0,
                    CAROL,
                    AT,
                    e.diff()),
                3);
    assertEquals(
        "access_not_in_file",
        assertThrows(Refusal.class, () -> catalog.configAt(wider, "ssh-short", 1)).code());
    LiveCatalog off = open(FILE.replace("enabled: true", "enabled: false"));
    assertEquals(
        "forbidden", assertThrows(Refusal.class, () -> off.configAt(s, "ssh-short", 1)).code());
  }

  @Test
  void aKeptChangeThatNoLongerReadsIsUnusableAndItsTypeIsNotOffered() {
    CatalogEntry bad =
        new CatalogEntry(
            1,
            "ssh-short",
            CatalogAction.CREATE,
            "{\"name\":\"ssh-short\",\"kind\":\"posture\"}",
            false,
            false,
            0,
            CAROL,
            AT,
            "");
    CatalogState s = CatalogState.empty(AT).with(bad, 3);
    s = apply(s, change(CatalogAction.CHANGE, "db-admin", dbAdmin("2h"), 1));

    LiveCatalog.Resolved r = catalog.resolve(s);
    assertTrue(r.unusable().containsKey("ssh-short"), r.unusable().toString());
    assertTrue(r.config().grantType("ssh-short").isEmpty());
    assertEquals(
        Duration.ofHours(2),
        r.config().grantType("db-admin").orElseThrow().maxDuration(),
        "the other changes stand");
  }

  @Test
  void aFileThatChangedSinceItWasLoadedIsRefused() throws IOException {
    Path file = dir.resolve("tailgrant.yaml");
    Files.writeString(file, FILE);
    TailGrantConfig loaded = ConfigLoader.load(file);
    Files.writeString(file, FILE.replace("maxDuration: 8h", "maxDuration: 9h"));

    assertThrows(IllegalStateException.class, () -> LiveCatalog.open(loaded));
  }

  @Test
  void theLiveSectionIsCheckedLikeEveryOther() throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        FILE.replace("maxTypes: 6", "maxTypes: 500")
            .replace("versionsKept: 3", "versionsKept: 500")
            .replace("maxDefinitionBytes: 1024", "maxDefinitionBytes: 16384\n  bogus: 1"));
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file));
    assertTrue(
        e.problems().stream()
            .anyMatch(p -> p.contains("liveGrantTypes.maxTypes: maxTypes + versionsKept")),
        e.problems().toString());
    assertTrue(
        e.problems().stream().anyMatch(p -> p.contains("liveGrantTypes.bogus: unknown key")),
        e.problems().toString());
  }
}
