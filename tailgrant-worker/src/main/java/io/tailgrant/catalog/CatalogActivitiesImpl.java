package io.tailgrant.catalog;

import io.tailgrant.config.LiveCatalog;
import io.tailgrant.grant.Refusal;
import io.tailgrant.grant.RefusalFailures;
import java.time.Instant;

/** The worker's check of a catalogue change, by its own config file. */
public final class CatalogActivitiesImpl implements CatalogActivities {
  private final LiveCatalog catalog;

  public CatalogActivitiesImpl(LiveCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public CatalogDecision check(CatalogState state, CatalogChange change, Instant at) {
    try {
      return catalog.decide(state, change, at);
    } catch (Refusal r) {
      throw RefusalFailures.toHandlerFailure(r);
    }
  }
}
