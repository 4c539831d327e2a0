package io.tailgrant.grant;

import io.temporal.activity.ActivityInterface;

/**
 * The worker's own grant rules, asked once when a grant starts (the worker never acts on an input
 * alone).
 */
@ActivityInterface
public interface GrantRulesActivities {

  /**
   * Why the worker refuses {@code input} (its type is unknown or differs from its config), or null.
   */
  String refusal(GrantInput input);
}
