package io.tailgrant.grant;

import io.tailgrant.catalog.CatalogReader;
import io.tailgrant.catalog.CatalogState;
import io.tailgrant.config.GrantTypeConfig;
import io.tailgrant.config.LiveCatalog;
import io.tailgrant.config.TailGrantConfig;
import java.util.List;
import java.util.Optional;

/**
 * Checks a grant's snapshot against the worker's own config (see {@link SpecCheck}): the file's
 * type, or, for a snapshot naming a live catalogue version, that version as the worker's own file
 * reads it ({@link LiveCatalog#configAt}).
 */
public final class GrantRulesActivitiesImpl implements GrantRulesActivities {
  private final TailGrantConfig config;
  private final LiveCatalog live;
  private final CatalogReader catalog;

  public GrantRulesActivitiesImpl(TailGrantConfig config) {
    this(config, LiveCatalog.open(config), null);
  }

  /** As above, reading the live catalogue through {@code catalog} (null: none). */
  public GrantRulesActivitiesImpl(TailGrantConfig config, LiveCatalog live, CatalogReader catalog) {
    this.config = config;
    this.live = live;
    this.catalog = catalog;
  }

  @Override
  public String refusal(GrantInput input) {
    GrantSpec given = input.spec();
    TailGrantConfig in = config;
    if (given.catalogVersion() != 0) {
      Optional<CatalogState> state =
          catalog == null ? Optional.empty() : catalog.holding(given.catalogVersion());
      if (state.isEmpty()) {
        return "grant type '"
            + given.name()
            + "' names live catalogue version "
            + given.catalogVersion()
            + " but no catalogue runs";
      }
      try {
        in = live.configAt(state.get(), given.name(), given.catalogVersion());
      } catch (Refusal r) {
        return r.getMessage();
      }
    }
    Optional<GrantTypeConfig> type = in.grantType(given.name());
    if (type.isEmpty()) {
      return "the worker's config has no grant type '" + given.name() + "'";
    }
    List<String> diff =
        SpecCheck.differences(given, in.spec(type.get()), type.get().capability() != null);
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
