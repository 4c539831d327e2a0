package io.tailgrant.grant;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Whether a request justifies itself as its grant type asks: a reason when required, at least the
 * minimum length, and a ticket that matches the type's pattern. Each refusal is a 400 whose code
 * names the rule ({@code reason_required}, {@code reason_too_short}, {@code ticket_required},
 * {@code ticket_invalid}, {@code ticket_too_long}, {@code ticket_not_used}). Asked by the server
 * before a grant starts and by the grant's workflow again, with the grant's own snapshot. Pure.
 */
public final class JustificationRules {
  /** Longest ticket: an id such as {@code INC-1234} or {@code PROJ-12345}, never prose. */
  public static final int MAX_TICKET_LENGTH = 100;

  /** Longest ticket pattern and hint a config may hold (both are shown to requesters). */
  public static final int MAX_PATTERN_LENGTH = 200;

  /**
   * How many characters one pattern match may read before it counts as no match: a pattern with
   * nested repetition could otherwise spend minutes on one 100-character ticket.
   */
  static final int MATCH_BUDGET = 200_000;

  private JustificationRules() {}

  /** Refuses a reason that is missing when required, or shorter than the type's minimum. */
  public static void checkReason(GrantSpec spec, String reason) {
    boolean blank = reason == null || reason.isBlank();
    if (spec.reasonRequired() && blank) {
      throw Refusal.badRequest(
          "reason_required", "grant type '" + spec.name() + "' needs a reason");
    }
    int min = spec.justification() == null ? 0 : spec.justification().minReasonLength();
    int length = blank ? 0 : reason.strip().codePointCount(0, reason.strip().length());
    if (!blank && length < min) {
      throw Refusal.badRequest(
          "reason_too_short",
          "grant type '"
              + spec.name()
              + "' needs a reason of at least "
              + min
              + " characters ("
              + length
              + " given)");
    }
  }

  /**
   * Refuses a ticket the type does not take, a missing one it requires, or one that is too long,
   * holds control or invisible characters, or does not match the type's pattern. {@code ticket}
   * null or blank means none.
   */
  public static void checkTicket(GrantSpec spec, String ticket) {
    Justification j = spec.justification();
    boolean none = ticket == null || ticket.isBlank();
    if (j == null || !j.takesTicket()) {
      if (!none) {
        throw Refusal.badRequest(
            "ticket_not_used", "grant type '" + spec.name() + "' takes no ticket");
      }
      return;
    }
    if (none) {
      if (j.ticketRequired()) {
        throw Refusal.badRequest(
            "ticket_required", "grant type '" + spec.name() + "' needs a ticket" + hint(j));
      }
      return;
    }
    if (ticket.length() > MAX_TICKET_LENGTH) {
      throw Refusal.badRequest(
          "ticket_too_long", "a ticket is at most " + MAX_TICKET_LENGTH + " characters");
    }
    if (ticket.codePoints().anyMatch(JustificationRules::hidden)) {
      throw Refusal.badRequest(
          "ticket_invalid", "a ticket is one line of visible characters" + hint(j));
    }
    if (!matches(j.ticketPattern(), ticket)) {
      throw Refusal.badRequest(
          "ticket_invalid",
          "'" + ticket + "' is not a ticket grant type '" + spec.name() + "' takes" + hint(j));
    }
  }

  /** Why {@code pattern} cannot be a ticket pattern, or empty when it can. */
  public static Optional<String> patternProblem(String pattern) {
    if (pattern.length() > MAX_PATTERN_LENGTH) {
      return Optional.of("is at most " + MAX_PATTERN_LENGTH + " characters");
    }
    try {
      Pattern.compile(pattern);
      return Optional.empty();
    } catch (PatternSyntaxException e) {
      return Optional.of(
          "is not a regular expression: "
              + e.getDescription()
              + (e.getIndex() >= 0 ? " at position " + e.getIndex() : ""));
    }
  }

  /**
   * Whether {@code ticket} holds a match of {@code pattern}, giving up (no match) once the match
   * has read {@link #MATCH_BUDGET} characters.
   */
  static boolean matches(String pattern, String ticket) {
    try {
      return Pattern.compile(pattern).matcher(new Budgeted(ticket, MATCH_BUDGET)).find();
    } catch (Budgeted.Spent e) {
      return false;
    }
  }

  private static String hint(Justification j) {
    if (j.ticketHint() != null && !j.ticketHint().isBlank()) {
      return ": " + j.ticketHint();
    }
    return ": it must match " + j.ticketPattern();
  }

  /** Line breaks and other controls, and invisible format characters such as bidi overrides. */
  private static boolean hidden(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.FORMAT;
  }

  /** A string whose characters may be read only so many times. */
  private static final class Budgeted implements CharSequence {
    /** The budget is spent. */
    static final class Spent extends RuntimeException {
      Spent() {
        super("match budget spent", null, false, false);
      }
    }

    private final String text;
    private final int[] left;

    Budgeted(String text, int budget) {
      this(text, new int[] {budget});
    }

    private Budgeted(String text, int[] left) {
      this.text = text;
      this.left = left;
    }

    @Override
    public char charAt(int index) {
      if (--left[0] < 0) {
        throw new Spent();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Budgeted(text.substring(start, end), left);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
