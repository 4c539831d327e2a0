package io.tailgrant.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The user's profile, {@code $XDG_CONFIG_HOME/tailgrant/config.yaml} (by default {@code
 * ~/.config/tailgrant/config.yaml}): which server to use when neither {@code --server} nor {@code
 * TAILGRANT_SERVER} names one, and whether plain http may be used to it.
 *
 * <pre>
 * server: https://tailgrant.example-tailnet.ts.net
 * allowHttp: false
 * </pre>
 *
 * <p>Only those keys; anything else, or a value of the wrong kind, is a usage error (exit 2) that
 * names the file, the key and the reason. {@code allowHttp} applies to the profile's own server
 * only: it is an opt-in for that address, not for whatever {@code --server} says.
 */
record Profile(Path file, String server, boolean allowHttp) {
  static final String SERVER = "server";
  static final String ALLOW_HTTP = "allowHttp";
  private static final List<String> KEYS = List.of(SERVER, ALLOW_HTTP);
  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  /**
   * Where the profile lives: under {@code XDG_CONFIG_HOME} when that is an absolute path (the XDG
   * rule: a relative one is ignored), else under {@code $HOME/.config}.
   */
  static Path path(CliContext ctx) {
    String xdg = ctx.env("XDG_CONFIG_HOME");
    Path base =
        xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg) : ctx.home().resolve(".config");
    return base.resolve("tailgrant").resolve("config.yaml");
  }

  /** The profile at {@code file}, empty if there is none; a malformed one fails with exit 2. */
  static Optional<Profile> load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CliFailure(CliFailure.ERROR, "cannot read the profile " + file + ": " + e);
    }
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw malformed(
          file,
          (at != null && at.getLineNr() > 0 ? "line " + at.getLineNr() + ": " : "")
              + "not valid YAML: "
              + firstLine(e.getOriginalMessage()));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return Optional.of(new Profile(file, null, false)); // empty, or only comments
    }
    if (!root.isObject()) {
      throw malformed(
          file,
          "must be a mapping of keys ("
              + String.join(", ", KEYS)
              + "), not "
              + kind(root)
              + "; for example: server: https://tailgrant.example-tailnet.ts.net");
    }
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      String key = field.getKey();
      if (!KEYS.contains(key)) {
        String near = Suggestions.closest(key, KEYS);
        throw malformed(
            file,
            "unknown key "
                + key
                + (near == null ? "" : " (did you mean " + near + "?)")
                + "; the keys are "
                + String.join(" and ", KEYS));
      }
    }
    String server = null;
    JsonNode s = root.get(SERVER);
    if (s != null && !s.isNull()) {
      if (!s.isTextual() || s.textValue().isBlank()) {
        throw malformed(
            file,
            "key "
                + SERVER
                + ": must be the server's URL, such as"
                + " https://tailgrant.example-tailnet.ts.net, not "
                + kind(s));
      }
      server = s.textValue().trim();
    }
    boolean allowHttp = false;
    JsonNode a = root.get(ALLOW_HTTP);
    if (a != null && !a.isNull()) {
      if (!a.isBoolean()) {
        throw malformed(file, "key " + ALLOW_HTTP + ": must be true or false, not " + kind(a));
      }
      allowHttp = a.booleanValue();
    }
    return Optional.of(new Profile(file, server, allowHttp));
  }

  /** Replaces the profile at {@code file} with this server (and {@code allowHttp: true} if set). */
  static Path write(Path file, String server, boolean allowHttp) throws IOException {
    ObjectNode root = YAML.createObjectNode().put(SERVER, server);
    if (allowHttp) {
      root.put(ALLOW_HTTP, true);
    }
    String yaml =
        "# The TailGrant CLI's profile, written by tailgrant config set-server.\n"
            + "# Keys: server (the server's URL), allowHttp (true: plain http to it is allowed).\n"
            + YAML.writeValueAsString(root);
    return OwnerOnlyFiles.write(file.getParent(), file.getFileName().toString(), yaml);
  }

  /** How the refusals name this profile's server. */
  String where() {
    return "the server URL in " + file + " (key " + SERVER + ")";
  }

  private static CliFailure malformed(Path file, String reason) {
    return new CliFailure(CliFailure.USAGE, "the profile " + file + " is malformed: " + reason);
  }

  private static String kind(JsonNode n) {
    if (n.isTextual()) {
      String t = n.textValue();
      return "\"" + (t.length() > 60 ? t.substring(0, 60) + "..." : t) + "\"";
    }
    if (n.isObject()) {
      return "a mapping";
    }
    if (n.isArray()) {
      return "a list";
    }
    return n.toString();
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("").trim();
  }
}
