package io.tailgrant.grant;

import java.time.Duration;

/**
 * What one grant lets its people make the system spend: the smallest extension, how often a
 * kubeconfig may be minted and how many in all, and the longest free text (reasons, comments).
 */
public record GrantLimits(
    Duration minExtension,
    Duration kubeconfigInterval,
    int kubeconfigsPerGrant,
    int maxTextLength) {

  public static final GrantLimits DEFAULTS =
      new GrantLimits(Duration.ofMinutes(1), Duration.ofSeconds(10), 100, 500);

  /**
   * Free text is capped before it reaches a workflow, a page or a log: refused past {@code max}
   * characters, as {@code reason_too_long} or {@code comment_too_long}, any other field as {@code
   * text_too_long}.
   */
  public static void requireShort(String text, int max, String field) {
    if (text != null && text.length() > max) {
      String code =
          field.equals("reason") || field.equals("comment") ? field + "_too_long" : "text_too_long";
      throw Refusal.badRequest(code, "a " + field + " is at most " + max + " characters");
    }
  }
}
