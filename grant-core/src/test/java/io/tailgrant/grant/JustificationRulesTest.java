package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How a request justifies itself, rule by rule: reason, its minimum length, and the ticket. */
class JustificationRulesTest {
  static final String INC = "^(INC|CHG)-[0-9]+";
  static final String HINT = "an incident or change, such as INC-1234";

  static GrantSpec spec(boolean reasonRequired, Justification j) {
    return new GrantSpec(
        "db-admin",
        "Database admin",
        GrantKind.POSTURE,
        List.of(),
        new PostureAttribute("custom:tailgrant_db_admin", true),
        TargetRule.ownDevice(),
        Risk.HIGH,
        Duration.ofMinutes(5),
        Duration.ofHours(2),
        Set.of(Policy.ANY_MEMBER),
        Set.of("bob@example.com"),
        1,
        Duration.ofHours(1),
        Set.of(),
        reasonRequired,
        null,
        null,
        null,
        null,
        j,
        null,
        null,
        0,
        null,
        null);
  }

  /** Each row: the type's rules, a reason, a ticket, and the refusal code (null: accepted). */
  static Stream<Arguments> table() {
    GrantSpec plain = spec(true, null);
    GrantSpec optional = spec(false, null);
    GrantSpec tenChars = spec(true, new Justification(10, null, null, false));
    GrantSpec ticketed = spec(true, new Justification(0, INC, HINT, true));
    GrantSpec ticketOptional = spec(true, new Justification(0, INC, null, false));
    GrantSpec whole = spec(true, new Justification(0, "^INC-[0-9]{1,6}$", HINT, true));
    return Stream.of(
        // reason required (or not)
        Arguments.of(plain, "incident 42", null, null),
        Arguments.of(plain, null, null, "reason_required"),
        Arguments.of(plain, "   ", null, "reason_required"),
        Arguments.of(optional, null, null, null),
        // minimum length, counted in characters after trimming
        Arguments.of(tenChars, "incident 42", null, null),
        Arguments.of(tenChars, "0123456789", null, null),
        Arguments.of(tenChars, "012345678", null, "reason_too_short"),
        Arguments.of(tenChars, "   fix it         ", null, "reason_too_short"),
        Arguments.of(tenChars, "ünïcødé😀😀😀😀", null, null),
        Arguments.of(tenChars, null, null, "reason_required"),
        // a ticket only where the type takes one
        Arguments.of(plain, "x", "INC-1", "ticket_not_used"),
        Arguments.of(plain, "x", "  ", null),
        Arguments.of(ticketed, "x", "INC-42", null),
        Arguments.of(ticketed, "x", "CHG-7", null),
        Arguments.of(ticketed, "x", "INC-42 and more", null),
        Arguments.of(ticketed, "x", null, "ticket_required"),
        Arguments.of(ticketed, "x", "", "ticket_required"),
        Arguments.of(ticketed, "x", "inc-42", "ticket_invalid"),
        Arguments.of(ticketed, "x", "see INC-42", "ticket_invalid"),
        Arguments.of(ticketed, "x", "INC-", "ticket_invalid"),
        Arguments.of(ticketed, "x", "INC-42\nforged line", "ticket_invalid"),
        Arguments.of(ticketed, "x", "INC-42\u202e", "ticket_invalid"),
        Arguments.of(ticketed, "x", "INC-" + "1".repeat(97), "ticket_too_long"),
        Arguments.of(ticketed, "x", "INC-" + "1".repeat(96), null),
        Arguments.of(ticketOptional, "x", null, null),
        Arguments.of(ticketOptional, "x", "INC-3", null),
        Arguments.of(ticketOptional, "x", "nope", "ticket_invalid"),
        Arguments.of(whole, "x", "INC-123456", null),
        Arguments.of(whole, "x", "INC-1234567", "ticket_invalid"),
        Arguments.of(whole, "x", "INC-1 <b>", "ticket_invalid"));
  }

  @ParameterizedTest(name = "[{index}] reason {1}, ticket {2}: {3}")
  @MethodSource("table")
  void theRule(GrantSpec spec, String reason, String ticket, String refusal) {
    Optional<Refusal> r = Optional.empty();
    try {
      Policy.checkReason(spec, reason);
      Policy.checkTicket(spec, ticket);
    } catch (Refusal e) {
      r = Optional.of(e);
      assertEquals(Refusal.Kind.BAD_REQUEST, e.kind());
    }
    assertEquals(
        Optional.ofNullable(refusal),
        r.map(Refusal::code),
        r.map(Refusal::getMessage).orElse("accepted"));
  }

  @Test
  void aRefusedTicketIsToldTheHintOrElseThePattern() {
    Refusal hinted =
        assertThrows(
            Refusal.class,
            () -> Policy.checkTicket(spec(true, new Justification(0, INC, HINT, true)), "42"));
    assertTrue(hinted.getMessage().endsWith(": " + HINT), hinted.getMessage());
    Refusal bare =
        assertThrows(
            Refusal.class,
            () -> Policy.checkTicket(spec(true, new Justification(0, INC, null, true)), null));
    assertTrue(bare.getMessage().endsWith("it must match " + INC), bare.getMessage());
    Refusal tooShort =
        assertThrows(
            Refusal.class,
            () -> Policy.checkReason(spec(true, new Justification(10, null, null, false)), "fix"));
    assertTrue(tooShort.getMessage().contains("at least 10 characters (3 given)"));
  }

  @Test
  void aPatternThatBacktracksForeverCostsABoundedAmountAndMatchesNothing() {
    // Nested repetition against a near miss: without the budget this one check would run for
    // longer than the age of the universe (and the build's guard would fail it).
    String evil = "^(a+)+$";
    String ticket = "a".repeat(60) + "!";
    GrantSpec s = spec(true, new Justification(0, evil, null, true));
    Refusal r = assertThrows(Refusal.class, () -> Policy.checkTicket(s, ticket));
    assertEquals("ticket_invalid", r.code());
    assertFalse(JustificationRules.matches(evil, ticket));
    assertTrue(JustificationRules.matches(evil, "a".repeat(60)));
  }

  @Test
  void aPatternIsCheckedForTheConfigWithItsReason() {
    assertEquals(Optional.empty(), JustificationRules.patternProblem(INC));
    assertTrue(
        JustificationRules.patternProblem("^(INC-[0-9]+")
            .orElseThrow()
            .startsWith("is not a regular expression: Unclosed group"));
    assertTrue(JustificationRules.patternProblem("x".repeat(201)).isPresent());
  }
}
