package io.tailgrant.grant;

import io.tailgrant.config.GrantTypeConfig;
import io.tailgrant.config.TailGrantConfig;
import java.util.List;
import java.util.Optional;

/** Checks a grant's snapshot against the worker's own config (see {@link SpecCheck}). */
public final class GrantRulesActivitiesImpl implements GrantRulesActivities {
  private final TailGrantConfig config;

  public GrantRulesActivitiesImpl(TailGrantConfig config) {
    this.config = config;
  }

  @Override
  public String refusal(GrantInput input) {
    GrantSpec given = input.spec();
    Optional<GrantTypeConfig> type = config.grantType(given.name());
    if (type.isEmpty()) {
      return "the worker's config has no grant type '" + given.name() + "'";
    }
    List<String> diff =
        SpecCheck.differences(given, config.spec(type.get()), type.get().capability() != null);
    if (!diff.isEmpty()) {
      return "grant type '"
          + given.name()
          + "' as requested differs from the worker's config in "
          + String.join(", ", diff)
          + " (server and worker must run the same config)";
    }
    return null;
  }
}
