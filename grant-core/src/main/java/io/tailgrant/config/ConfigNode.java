package io.tailgrant.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.grant.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads one YAML mapping while remembering its key path, so every problem is reported with its
 * place, and any key nobody read is reported as unknown.
 */
final class ConfigNode {
  private final JsonNode node;
  private final String path;
  private final List<String> problems;
  private final String file;
  private final Set<String> read = new HashSet<>();

  ConfigNode(JsonNode node, String path, String file, List<String> problems) {
    this.node = node;
    this.path = path;
    this.file = file;
    this.problems = problems;
  }

  String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  void problem(String key, String reason) {
    problems.add(file + ": " + path(key) + ": " + reason);
  }

  boolean has(String key) {
    read.add(key);
    JsonNode v = node.get(key);
    return v != null && !v.isNull();
  }

  JsonNode raw(String key) {
    read.add(key);
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v;
  }

  String string(String key, String fallback, boolean required) {
    JsonNode v = raw(key);
    if (v == null) {
      if (required) {
        problem(key, "is required");
      }
      return fallback;
    }
    if (!v.isTextual() && !v.isNumber() && !v.isBoolean()) {
      problem(key, "must be a string");
      return fallback;
    }
    String s = v.asText().trim();
    if (s.isEmpty() && required) {
      problem(key, "must not be empty");
    }
    return s;
  }

  boolean bool(String key, boolean fallback) {
    JsonNode v = raw(key);
    if (v == null) {
      return fallback;
    }
    if (!v.isBoolean()) {
      problem(key, "must be true or false");
      return fallback;
    }
    return v.booleanValue();
  }

  int integer(String key, int fallback, int min, int max) {
    JsonNode v = raw(key);
    if (v == null) {
      return fallback;
    }
    if (!v.isInt() || v.intValue() < min || v.intValue() > max) {
      problem(key, "must be a whole number from " + min + " to " + max);
      return fallback;
    }
    return v.intValue();
  }

  Duration duration(String key, Duration fallback, boolean required) {
    JsonNode v = raw(key);
    if (v == null) {
      if (required) {
        problem(key, "is required (a duration such as 20s, 90m, 1h30m or PT1H)");
      }
      return fallback;
    }
    return Durations.parse(v.asText())
        .orElseGet(
            () -> {
              problem(
                  key,
                  "'" + v.asText() + "' is not a positive duration (use 20s, 90m, 1h30m or PT1H)");
              return fallback;
            });
  }

  List<String> strings(String key, boolean required) {
    JsonNode v = raw(key);
    List<String> out = new ArrayList<>();
    if (v == null) {
      if (required) {
        problem(key, "is required (a list)");
      }
      return out;
    }
    if (!v.isArray()) {
      problem(key, "must be a list");
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (!item.isTextual() || item.asText().isBlank()) {
        problem(key + "[" + i + "]", "must be a non-empty string");
      } else {
        out.add(item.asText().trim());
      }
    }
    if (required && out.isEmpty() && v.size() == 0) {
      problem(key, "must not be empty");
    }
    return out;
  }

  ConfigNode object(String key, boolean required) {
    JsonNode v = raw(key);
    if (v == null) {
      if (required) {
        problem(key, "is required");
      }
      return null;
    }
    if (!v.isObject()) {
      problem(key, "must be a mapping");
      return null;
    }
    return new ConfigNode(v, path(key), file, problems);
  }

  List<ConfigNode> objects(String key) {
    JsonNode v = raw(key);
    List<ConfigNode> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!v.isArray()) {
      problem(key, "must be a list");
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isObject()) {
        problem(key + "[" + i + "]", "must be a mapping");
      } else {
        out.add(new ConfigNode(v.get(i), path(key) + "[" + i + "]", file, problems));
      }
    }
    return out;
  }

  Iterator<String> keys() {
    return node.fieldNames();
  }

  /** Reports every key that no reader asked for. */
  void finish(String hint) {
    node.fieldNames()
        .forEachRemaining(
            k -> {
              if (!read.contains(k)) {
                problem(k, "unknown key" + (hint == null ? "" : " (" + hint + ")"));
              }
            });
  }
}
