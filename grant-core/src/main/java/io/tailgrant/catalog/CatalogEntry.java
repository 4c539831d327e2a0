package io.tailgrant.catalog;

import java.time.Instant;

/**
 * One version of the live catalogue: what {@code actor} (an admin by the config file) made of grant
 * type {@code name} at {@code at}. The type is then {@code definition} (its JSON, as it would stand
 * under {@code grantTypes} in the file), or retired ({@code retired}), or, with neither, the config
 * file's own again. {@code fileType}: the file defines {@code name} (a retirement of such a type is
 * kept for as long as it is in force). {@code rolledBackTo} is the version a rollback restored (0:
 * the file's). {@code diff} says what changed, key by key.
 */
public record CatalogEntry(
    long version,
    String name,
    CatalogAction action,
    String definition,
    boolean retired,
    boolean fileType,
    long rolledBackTo,
    String actor,
    Instant at,
    String diff) {

  /** Whether the type is back to the config file's definition (or gone, if the file has none). */
  public boolean backToFile() {
    return definition == null && !retired;
  }
}
