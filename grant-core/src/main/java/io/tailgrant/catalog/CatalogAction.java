package io.tailgrant.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.tailgrant.grant.WireEnums;

/** What an admin does to a grant type in the live catalogue. */
public enum CatalogAction {
  CREATE,
  CHANGE,
  RETIRE,
  ROLLBACK;

  @JsonValue
  public String wire() {
    return name().toLowerCase();
  }

  @JsonCreator
  public static CatalogAction fromWire(String value) {
    return WireEnums.parse(CatalogAction.class, value);
  }
}
