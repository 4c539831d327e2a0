package io.tailgrant.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.grant.Durations;
import io.tailgrant.grant.WireEnums;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one YAML mapping while remembering its key path, so every problem is reported with its
 * place, and any key nobody read is reported as unknown.
 */
final class ConfigNode {
  private static final Pattern HOST_PORT = Pattern.compile("^(\\S+):(\\d{1,5})$");
  private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
  private static final Pattern NAMESPACE = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

  /** Where a server or client connects: {@code host:port}. */
  record HostPort(String host, int port) {}

  /** The URLs the config takes, each with its shape and the problem it reports. */
  enum UrlForm {
    /** An http(s) URL, path allowed: API endpoints. */
    HTTP("^https?://\\S+$", "must be an http(s) URL", false),
    /** A plain http:// URL: tailscaled's local API. */
    PLAIN_HTTP("^http://\\S+$", "must be an http:// URL", false),
    /** Scheme and host, no path: a browser origin. */
    ORIGIN(
        "^https?://[^/\\s]+$",
        "must be an origin such as https://temporal.example.ts.net (no path)",
        true),
    /** Scheme, host and optional port, no path: where people reach TailGrant. */
    BASE(
        "^https?://[^/\\s:]+(:\\d{1,5})?/?$",
        "must be an http(s) URL with no path, such as https://tailgrant.tail1234.ts.net",
        true);

    private final Pattern pattern;
    private final String reason;
    private final boolean quoted;

    UrlForm(String pattern, String reason, boolean quoted) {
      this.pattern = Pattern.compile(pattern);
      this.reason = reason;
      this.quoted = quoted;
    }
  }

  private final JsonNode node;
  private final String path;
  private final List<String> problems;
  private final Path file;
  private final Set<String> read = new HashSet<>();

  ConfigNode(JsonNode node, String path, Path file, List<String> problems) {
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

  /** A path from the config: a relative one is relative to the config file's folder. */
  Path resolve(String value) {
    Path p = Path.of(value);
    Path dir = file.toAbsolutePath().getParent();
    return p.isAbsolute() || dir == null ? p : dir.resolve(p);
  }

  /** The path under {@code key}, resolved; null when absent or blank. */
  Path optionalPath(String key) {
    String s = string(key, null, false);
    return s == null || s.isBlank() ? null : resolve(s);
  }

  /** The required enum value under {@code key}; null (with a problem) when absent or unknown. */
  <E extends Enum<E>> E enumValue(String key, Class<E> type) {
    String s = string(key, null, true);
    if (s == null) {
      return null;
    }
    try {
      return WireEnums.parse(type, s);
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
      return null;
    }
  }

  /**
   * Parses {@code value} as host:port (host without whitespace, port 1 to 65535); null, with a
   * problem naming {@code alternative} if given, when it is not.
   */
  HostPort hostPort(String key, String value, String alternative) {
    var m = HOST_PORT.matcher(value);
    int port = m.matches() ? Integer.parseInt(m.group(2)) : 0;
    if (port < 1 || port > 65535) {
      problem(
          key,
          "'" + value + "' must be host:port" + (alternative == null ? "" : " or " + alternative));
      return null;
    }
    return new HostPort(m.group(1), port);
  }

  /** Whether {@code value} is a URL of the given form; reports the problem when not. */
  boolean url(String key, String value, UrlForm form) {
    if (form.pattern.matcher(value).matches()) {
      return true;
    }
    problem(key, form.quoted ? "'" + value + "' " + form.reason : form.reason);
    return false;
  }

  /**
   * Whether {@code value} is a TailGrant name (grant type, cluster); reports the problem when not.
   */
  boolean name(String key, String value) {
    if (NAME.matcher(value).matches()) {
      return true;
    }
    problem(key, "'" + value + "' must be lower-case letters, digits and '-'");
    return false;
  }

  /** Whether {@code value} is a Kubernetes namespace name; reports the problem when not. */
  boolean kubernetesNamespace(String key, String value) {
    if (NAMESPACE.matcher(value).matches()) {
      return true;
    }
    problem(key, "'" + value + "' is not a Kubernetes namespace name");
    return false;
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
