package io.tailgrant.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.grant.CapabilityRoles;
import io.tailgrant.grant.GrantSpec;
import io.tailgrant.grant.Justification;
import io.tailgrant.grant.Principal;
import io.tailgrant.grant.SpecCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Justification rules ({@code minReasonLength}, {@code ticket}) and roles from the tailnet policy
 * ({@code server.capability}) in the config: what they take, and every refusal with its key.
 */
class PolicyRulesConfigTest {
  private static final String HEAD =
      """
      tailscale:
        oauth:
          clientId: kTestCNTRL
          clientSecretEnv: TAILGRANT_TEST_SECRET
      groups:
        group:sre: [bob@example.com, erin@example.com]
      admins: [carol@example.com]
      """;

  /** A high-risk posture type any member may request, with {@code extra} lines of its own. */
  private static String type(String extra) {
    return type("autogroup:member", extra);
  }

  /** A high-risk posture type {@code requester} may request, with {@code extra} lines. */
  private static String type(String requester, String extra) {
    return """
        grantTypes:
          - name: db-admin
            description: Database admin
            kind: posture
            posture: {key: "custom:tailgrant_db_admin", value: true}
            maxDuration: 2h
            risk: high
            requesters: [%s]
            approvers: [group:sre]
        """
            .formatted(requester)
        + extra.indent(4);
  }

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
  void justificationRulesAreReadIntoTheSnapshot() {
    TailGrantConfig c =
        load(
            HEAD
                + type(
                    """
                    minReasonLength: 12
                    ticket:
                      pattern: "^(INC|CHG)-[0-9]+"
                      hint: An incident or change, such as INC-1234
                    """));
    GrantTypeConfig t = c.grantType("db-admin").orElseThrow();
    Justification j =
        new Justification(12, "^(INC|CHG)-[0-9]+", "An incident or change, such as INC-1234", true);
    assertEquals(j, t.justification());
    assertEquals(j, c.spec(t).justification());
    GrantTypeInfo info =
        new GrantCatalog(c)
            .typesFor(new Principal("alice@example.com", "Alice", "n1", "alice-laptop"), Map.of())
            .get(0);
    assertEquals(12, info.minReasonLength());
    assertEquals(
        new GrantTypeInfo.Ticket(
            true, "^(INC|CHG)-[0-9]+", "An incident or change, such as INC-1234"),
        info.ticket());
  }

  @Test
  void aTypeWithoutRulesTakesNoTicketAndAnOptionalTicketIsSaidSo() {
    TailGrantConfig plain = load(HEAD + type(""));
    assertNull(plain.grantType("db-admin").orElseThrow().justification());
    TailGrantConfig optional =
        load(HEAD + type("ticket: {pattern: \"^INC-[0-9]+$\", required: false}"));
    Justification j = optional.grantType("db-admin").orElseThrow().justification();
    assertFalse(j.ticketRequired());
    assertNull(j.ticketHint());
    assertEquals(0, j.minReasonLength());
  }

  @Test
  void aPatternThatDoesNotCompileIsRefusedWithWhy() {
    String why =
        problemAt(
            HEAD + type("ticket: {pattern: \"^(INC-[0-9]+\"}"), "grantTypes[0].ticket.pattern");
    assertTrue(why.startsWith("'^(INC-[0-9]+' is not a regular expression: Unclosed group"), why);
  }

  @Test
  void aTicketNeedsAPatternAndKnowsNoOtherKeys() {
    assertEquals(
        "is required", problemAt(HEAD + type("ticket: {hint: x}"), "grantTypes[0].ticket.pattern"));
    assertTrue(
        problemAt(HEAD + type("ticket: {pattern: x, regex: y}"), "grantTypes[0].ticket.regex")
            .startsWith("unknown key"));
    assertTrue(
        problemAt(
                HEAD + type("ticket: {pattern: \"" + "x".repeat(201) + "\"}"),
                "grantTypes[0].ticket.pattern")
            .endsWith("is at most 200 characters"));
    assertTrue(
        problemAt(
                HEAD + type("ticket: {pattern: x, hint: \"" + "h".repeat(201) + "\"}"),
                "grantTypes[0].ticket.hint")
            .startsWith("is one line of at most 200 characters"));
  }

  @Test
  void theMinimumReasonLengthMustBeSane() {
    assertEquals(
        "must be a whole number from 0 to 10000",
        problemAt(HEAD + type("minReasonLength: -1"), "grantTypes[0].minReasonLength"));
    assertEquals(
        "must be a whole number from 0 to 10000",
        problemAt(HEAD + type("minReasonLength: ten"), "grantTypes[0].minReasonLength"));
    assertTrue(
        problemAt(
                HEAD + type("minReasonLength: 10\nreasonRequired: false"),
                "grantTypes[0].minReasonLength")
            .startsWith("needs reasonRequired: true"));
    assertEquals(
        "600 is longer than the longest reason anyone may send (limits.maxTextLength: 500)",
        problemAt(HEAD + type("minReasonLength: 600"), "grantTypes[0].minReasonLength"));
  }

  @Test
  void theRolesCapabilityIsNamedInTheServerSectionAndOffWhenUnset() {
    TailGrantConfig off = load(HEAD + type(""));
    assertNull(off.server().capability());
    assertNull(off.spec(off.grantType("db-admin").orElseThrow()).roleCapability());
    TailGrantConfig on =
        load(HEAD + "server:\n  capability: example.com/cap/tailgrant\n" + type(""));
    assertEquals("example.com/cap/tailgrant", on.server().capability());
    GrantSpec spec = on.spec(on.grantType("db-admin").orElseThrow());
    assertEquals("example.com/cap/tailgrant", spec.roleCapability());
    // the worker refuses a snapshot that claims capability roles its own config does not give
    GrantSpec offSpec = off.spec(off.grantType("db-admin").orElseThrow());
    assertEquals(List.of("roleCapability"), SpecCheck.differences(spec, offSpec, false));
    assertEquals(List.of("roleCapability"), SpecCheck.differences(offSpec, spec, false));
  }

  @Test
  void theRolesCapabilityMustBeAnAppCapabilityOfItsOwn() {
    assertTrue(
        problemAt(HEAD + "server:\n  capability: tailgrant\n" + type(""), "server.capability")
            .startsWith("'tailgrant' must be an app capability name"));
    String tka =
        """
          - name: k8s-tka
            kind: kubernetes
            clusters: [dev]
            capability: example.com/cap/tka
            maxDuration: 1h
            risk: low
        kubernetes:
          clusters:
            - {name: dev, kubeconfigFile: /dev/null, namespace: tailgrant}
        """;
    assertTrue(
        problemAt(
                HEAD + "server:\n  capability: example.com/cap/tka\n" + type("") + tka,
                "server.capability")
            .contains("is grant type 'k8s-tka''s TKA capability"));
  }

  @Test
  void capabilityRolesCountOnlyWhileACapabilityIsConfigured() {
    CapabilityRoles dave = new CapabilityRoles(Set.of("db-admin"), Set.of("db-admin"), true);
    Principal davePrincipal = new Principal("dave@example.com", "Dave", "n2", "dave-laptop");
    TailGrantConfig off = load(HEAD + type("alice@example.com", ""));
    GrantCatalog offCatalog = new GrantCatalog(off);
    assertTrue(offCatalog.typesFor(davePrincipal, Map.of(), dave).isEmpty());
    assertFalse(offCatalog.isAdmin("dave@example.com", dave));
    assertTrue(
        offCatalog.authority("db-admin", "dave@example.com", dave).capabilityApprovers().isEmpty());
    assertNull(offCatalog.claim(dave, "db-admin"));

    TailGrantConfig on =
        load(
            HEAD
                + "server:\n  capability: example.com/cap/tailgrant\n"
                + type("alice@example.com", ""));
    GrantCatalog onCatalog = new GrantCatalog(on);
    assertEquals(1, onCatalog.typesFor(davePrincipal, Map.of(), dave).size());
    assertEquals("db-admin", onCatalog.requestable(davePrincipal, "db-admin", dave).name());
    assertTrue(onCatalog.isAdmin("dave@example.com", dave));
    assertEquals(
        Set.of("dave@example.com"),
        onCatalog.authority("db-admin", "dave@example.com", dave).capabilityApprovers());
    assertEquals(
        new CapabilityRoles(Set.of("db-admin"), Set.of("db-admin"), true),
        onCatalog.claim(dave, "db-admin"));
    assertNull(onCatalog.claim(new CapabilityRoles(Set.of("x"), Set.of(), false), "db-admin"));
  }
}
