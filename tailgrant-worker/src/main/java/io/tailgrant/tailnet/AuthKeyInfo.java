package io.tailgrant.tailnet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * A key as the keys API lists or reads it, never with its secret; {@code created} and {@code
 * expires} are RFC 3339 times.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuthKeyInfo(
    String id, String keyType, String description, String created, String expires) {

  /** When it was created, or null when the API does not say. */
  public Instant createdAt() {
    try {
      return created == null || created.isEmpty() ? null : Instant.parse(created);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
