package io.tailgrant.grant;

/**
 * What every Update validator checks before the rules: the request names this grant (one copied
 * from another grant's history is refused), its free text is within the limit, and a refusal
 * travels back to the caller with its kind and code.
 */
final class UpdateChecks {
  private UpdateChecks() {}

  /** Runs {@code check}, turning a refusal into the failure a validator must throw. */
  static void guard(Runnable check) {
    try {
      check.run();
    } catch (Refusal r) {
      throw RefusalFailures.toFailure(r);
    }
  }

  static void requireThisGrant(GrantInput input, String grantId) {
    if (!input.grantId().equals(grantId)) {
      throw Refusal.forbidden("this request is for grant " + grantId + ", not " + input.grantId());
    }
  }

  static void requireShortText(GrantInput input, String text, String field) {
    GrantLimits.requireShort(text, input.limitsOrDefault().maxTextLength(), field);
  }
}
