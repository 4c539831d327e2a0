package io.tailgrant.config;

import io.tailgrant.grant.Justification;
import io.tailgrant.grant.JustificationRules;

/**
 * Reads a grant type's justification rules: {@code minReasonLength} and {@code ticket: {pattern,
 * hint, required}}. The same reader serves every source of grant types, so a rule is valid in one
 * place only if it is valid everywhere.
 */
final class JustificationSection {
  /** The largest minimum anyone could mean; {@code limits.maxTextLength} bounds it further. */
  static final int MAX_MIN_REASON_LENGTH = 10_000;

  private JustificationSection() {}

  /** The type's justification rules, or null when it has neither a minimum nor a ticket. */
  static Justification read(ConfigNode t, boolean reasonRequired) {
    int min = t.integer("minReasonLength", 0, 0, MAX_MIN_REASON_LENGTH);
    if (min > 0 && !reasonRequired) {
      t.problem(
          "minReasonLength",
          "needs reasonRequired: true (a reason that may be left out has no minimum length)");
    }
    ConfigNode k = t.object("ticket", false);
    if (k == null) {
      return min == 0 ? null : new Justification(min, null, null, false);
    }
    String pattern = k.string("pattern", null, true);
    if (pattern != null && !pattern.isEmpty()) {
      JustificationRules.patternProblem(pattern)
          .ifPresent(why -> k.problem("pattern", "'" + pattern + "' " + why));
    }
    String hint = k.string("hint", null, false);
    if (hint != null
        && (hint.length() > JustificationRules.MAX_PATTERN_LENGTH
            || hint.chars().anyMatch(Character::isISOControl))) {
      k.problem(
          "hint",
          "is one line of at most " + JustificationRules.MAX_PATTERN_LENGTH + " characters");
    }
    boolean required = k.bool("required", true);
    k.finish("allowed: pattern, hint, required");
    return new Justification(
        min, pattern == null || pattern.isEmpty() ? null : pattern, blankToNull(hint), required);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
