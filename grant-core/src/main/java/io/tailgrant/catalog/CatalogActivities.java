package io.tailgrant.catalog;

import io.temporal.activity.ActivityInterface;
import java.time.Instant;

/**
 * The worker's own check of a catalogue change, against its own config file: the actor is one of
 * the file's admins, live editing is on, and the definition passes exactly the file's rules (and
 * gives only what a type of the file gives). The catalogue workflow appends nothing else.
 */
@ActivityInterface
public interface CatalogActivities {

  /**
   * The entry {@code change} makes at {@code at} in {@code state}; a refused change fails with the
   * refusal (see {@code RefusalFailures}).
   */
  CatalogDecision check(CatalogState state, CatalogChange change, Instant at);
}
