package io.tailgrant.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A copy of a record with one field changed, made through JSON the way workflow inputs travel: what
 * someone who can reach Temporal could send instead of what the server would.
 */
public final class Forge {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Forge() {}

  /** {@code value} with its component {@code field} set to {@code to}. */
  @SuppressWarnings("unchecked")
  public static <T> T with(T value, String field, Object to) {
    ObjectNode node = JSON.valueToTree(value);
    if (!node.has(field)) {
      throw new IllegalArgumentException(value.getClass().getSimpleName() + " has no " + field);
    }
    node.set(field, JSON.valueToTree(to));
    try {
      return JSON.treeToValue(node, (Class<T>) value.getClass());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot forge " + field + ": " + e.getMessage(), e);
    }
  }
}
