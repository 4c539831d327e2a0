package io.tailgrant.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What changed between two definitions of a grant type, key by key ({@code maxDuration: "4h" ->
 * "2h"}, {@code +notify: []}, {@code -reasonRequired}): the audit trail's and the version history's
 * "diff". At most {@link #MAX_LENGTH} characters.
 */
final class CatalogDiff {
  static final int MAX_LENGTH = 2000;

  private CatalogDiff() {}

  /** {@code before} or {@code after} null: the type did not exist, or no longer does. */
  static String of(JsonNode before, JsonNode after) {
    if (after == null) {
      return before == null ? "" : "retired";
    }
    Set<String> keys = new LinkedHashSet<>();
    if (before != null) {
      before.fieldNames().forEachRemaining(keys::add);
    }
    after.fieldNames().forEachRemaining(keys::add);
    List<String> parts = new ArrayList<>();
    for (String k : keys) {
      JsonNode was = before == null ? null : before.get(k);
      JsonNode now = after.get(k);
      if (was == null) {
        parts.add("+" + k + ": " + now);
      } else if (now == null) {
        parts.add("-" + k + ": " + was);
      } else if (!was.equals(now)) {
        parts.add(k + ": " + was + " -> " + now);
      }
    }
    String diff = parts.isEmpty() ? "no change" : String.join("; ", parts);
    return diff.length() <= MAX_LENGTH ? diff : diff.substring(0, MAX_LENGTH - 1) + "…";
  }
}
