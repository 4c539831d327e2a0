package io.tailgrant.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.tailgrant.catalog.CatalogChange;
import io.tailgrant.catalog.CatalogDecision;
import io.tailgrant.catalog.CatalogEntry;
import io.tailgrant.catalog.CatalogState;
import io.tailgrant.grant.Refusal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grant types in force when admins manage them live: the config file's types with the live
 * catalogue's changes on top. Every definition is read by exactly the file's reader, in the file's
 * context (the file's tree with {@code grantTypes} replaced), so a live type is valid exactly when
 * the same entry in the file would be; and it must give only what a type of the file gives ({@link
 * AccessShape}). The server checks each change here before sending it, the worker again before the
 * catalogue keeps it, and the worker once more when a grant names a live version. Pure apart from
 * reading the config file once in {@link #open}.
 */
public final class LiveCatalog {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper YAML_OUT =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
  private static final Pattern TYPE_INDEX = Pattern.compile("^grantTypes\\[(\\d+)]");

  private final TailGrantConfig file;
  private final ObjectNode root;
  private final Map<String, JsonNode> fileDefinitions = new LinkedHashMap<>();
  private final Set<AccessShape> shapes = new HashSet<>();

  private LiveCatalog(TailGrantConfig file, ObjectNode root) {
    this.file = file;
    this.root = root;
    if (root != null) {
      for (JsonNode t : root.path("grantTypes")) {
        fileDefinitions.put(t.path("name").asText(), t);
      }
    }
    file.grantTypes().forEach(t -> shapes.add(AccessShape.of(t)));
  }

  /**
   * The catalogue over {@code config}'s file. With live editing off the file is not read again and
   * nothing can change. Refuses a file that no longer reads as {@code config} (changed since it was
   * loaded): a live type must be checked against the config in force.
   */
  public static LiveCatalog open(TailGrantConfig config) {
    if (!config.liveGrantTypes().enabled()) {
      return new LiveCatalog(config, null);
    }
    Path source = config.source();
    JsonNode tree;
    try {
      tree = YAML.readTree(Files.readString(source));
    } catch (IOException e) {
      throw new IllegalStateException(source + ": cannot be read again: " + e.getMessage(), e);
    }
    List<String> problems = new ArrayList<>();
    TailGrantConfig again = ConfigLoader.read(source, new ConfigNode(tree, "", source, problems));
    if (!problems.isEmpty() || !again.grantTypes().equals(config.grantTypes())) {
      throw new IllegalStateException(
          source + ": changed since it was loaded; restart to manage grant types live");
    }
    return new LiveCatalog(config, (ObjectNode) tree);
  }

  /** Whether admins may change grant types at run time. */
  public boolean enabled() {
    return root != null;
  }

  /** The config as the file has it. */
  public TailGrantConfig file() {
    return file;
  }

  /**
   * The types in force with {@code state}'s changes (a change that no longer reads is unusable).
   */
  public Resolved resolve(CatalogState state) {
    if (!enabled() || state == null || state.entries().isEmpty()) {
      return new Resolved(
          state == null ? 0 : state.version(),
          file,
          new LinkedHashMap<>(fileDefinitions),
          Map.of());
    }
    List<CatalogEntry> latest = new ArrayList<>(state.current().values());
    latest.sort(Comparator.comparingLong(CatalogEntry::version));
    Map<String, JsonNode> nodes = new LinkedHashMap<>(fileDefinitions);
    latest.forEach(e -> apply(e, nodes));
    Map<String, String> unusable = new LinkedHashMap<>();
    TailGrantConfig read;
    try {
      read = read(nodes);
      for (CatalogEntry e : latest) {
        if (e.definition() != null) {
          checkShape(read, e.name());
        }
      }
    } catch (Refusal all) {
      // One by one: each change that still reads in its place is kept, the others are unusable.
      nodes.clear();
      nodes.putAll(fileDefinitions);
      for (CatalogEntry e : latest) {
        Map<String, JsonNode> candidate = new LinkedHashMap<>(nodes);
        apply(e, candidate);
        try {
          TailGrantConfig c = read(candidate);
          if (e.definition() != null) {
            checkShape(c, e.name());
          }
          nodes.clear();
          nodes.putAll(candidate);
        } catch (Refusal r) {
          unusable.put(e.name(), r.getMessage());
          nodes.remove(e.name());
        }
      }
      try {
        read = read(nodes);
      } catch (Refusal r) {
        return new Resolved(state.version(), file, new LinkedHashMap<>(fileDefinitions), unusable);
      }
    }
    Map<String, CatalogEntry> current = state.current();
    List<GrantTypeConfig> types = new ArrayList<>();
    for (GrantTypeConfig t : read.grantTypes()) {
      CatalogEntry e = current.get(t.name());
      boolean live = e != null && e.definition() != null && !unusable.containsKey(t.name());
      types.add(live ? t.withCatalogVersion(e.version()) : t);
    }
    return new Resolved(state.version(), file.withGrantTypes(types), nodes, unusable);
  }

  /**
   * The entry {@code change} makes in {@code state} at {@code at}, or the refusal: live editing
   * off, not an admin by the file, no such type (or one already), a definition the file's rules
   * refuse or that gives what no file type gives, too large, too many types.
   */
  public CatalogDecision decide(CatalogState state, CatalogChange change, Instant at) {
    if (!enabled()) {
      throw new Refusal(
          Refusal.Kind.FORBIDDEN,
          "live_editing_off",
          "grant types are managed in the config file only (liveGrantTypes.enabled is false)");
    }
    if (change.actor() == null || !file.isAdmin(change.actor())) {
      throw Refusal.forbidden("only admins (by the config file) change grant types");
    }
    if (change.action() == null) {
      throw Refusal.badRequest("bad_change", "a change is create, change, retire or rollback");
    }
    String name = requireName(change.name());
    LiveGrantTypesConfig limits = file.liveGrantTypes();
    Resolved now = resolve(state);
    JsonNode before = now.nodes.get(name);
    boolean exists = before != null || now.unusable().containsKey(name);
    JsonNode after = null;
    boolean retired = false;
    boolean backToFile = false;
    long to = 0;
    switch (change.action()) {
      case CREATE -> {
        if (exists) {
          throw new Refusal(
              Refusal.Kind.CONFLICT,
              "grant_type_exists",
              "there is a grant type '" + name + "' already: change it instead");
        }
        after = definition(change.definition(), name, limits);
      }
      case CHANGE -> {
        requireExists(exists, name);
        after = definition(change.definition(), name, limits);
      }
      case RETIRE -> {
        requireExists(exists, name);
        retired = true;
      }
      case ROLLBACK -> {
        to = change.rollbackTo();
        CatalogEntry old = to == 0 ? null : kept(state, name, to, limits);
        if (old != null && old.retired()) {
          retired = true;
        } else if (old != null && old.definition() != null) {
          after = parse(old.definition());
        } else {
          backToFile = true;
          after = fileDefinitions.get(name);
          if (to == 0 && after == null) {
            throw Refusal.badRequest(
                "not_in_file", "the config file has no grant type '" + name + "' to go back to");
          }
        }
      }
    }
    Map<String, JsonNode> next = new LinkedHashMap<>(now.nodes);
    if (after == null) {
      next.remove(name);
    } else {
      next.put(name, after);
    }
    if (next.size() > limits.maxTypes()) {
      throw Refusal.badRequest(
          "too_many_grant_types",
          "at most " + limits.maxTypes() + " grant types (liveGrantTypes.maxTypes)");
    }
    TailGrantConfig read = read(next);
    if (after != null) {
      checkShape(read, name);
    }
    String stored = after == null || backToFile ? null : json(after);
    CatalogEntry entry =
        new CatalogEntry(
            state.version() + 1,
            name,
            change.action(),
            stored,
            retired,
            fileDefinitions.containsKey(name),
            to,
            change.actor(),
            at,
            CatalogDiff.of(before, after));
    return new CatalogDecision(entry, limits.versionsKept());
  }

  /**
   * The config a grant of {@code name} at catalogue version {@code version} was requested under, as
   * the worker sees it: that version must be kept, be a definition of {@code name} written by an
   * admin of the worker's own file, and read (and give only what the file gives) by its own rules.
   */
  public TailGrantConfig configAt(CatalogState state, String name, long version) {
    if (!enabled()) {
      throw Refusal.forbidden(
          "grant type '"
              + name
              + "' names live catalogue version "
              + version
              + " but the worker's config has live editing off");
    }
    CatalogEntry e =
        state
            .entry(version)
            .orElseThrow(
                () ->
                    Refusal.forbidden(
                        "version " + version + " of the grant-type catalogue is not kept"));
    if (!e.name().equals(name) || e.definition() == null) {
      throw Refusal.forbidden(
          "catalogue version " + version + " is no definition of grant type '" + name + "'");
    }
    if (!file.isAdmin(e.actor())) {
      throw Refusal.forbidden(
          "catalogue version "
              + version
              + " was written by "
              + e.actor()
              + ", who is no admin by the worker's config");
    }
    Map<String, JsonNode> nodes = new LinkedHashMap<>(fileDefinitions);
    nodes.put(name, parse(e.definition()));
    TailGrantConfig read = read(nodes);
    checkShape(read, name);
    return file.withGrantTypes(
        read.grantTypes().stream()
            .map(t -> t.name().equals(name) ? t.withCatalogVersion(version) : t)
            .toList());
  }

  /** A definition as YAML, for an admin to edit; null for null. */
  public static String yaml(String definitionJson) {
    if (definitionJson == null) {
      return null;
    }
    try {
      return YAML_OUT.writeValueAsString(JSON.readTree(definitionJson));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The types in force at one catalogue version, with their definitions and the unusable ones. */
  public static final class Resolved {
    private final long version;
    private final TailGrantConfig config;
    private final Map<String, JsonNode> nodes;
    private final Map<String, String> unusable;

    Resolved(
        long version,
        TailGrantConfig config,
        Map<String, JsonNode> nodes,
        Map<String, String> unusable) {
      this.version = version;
      this.config = config;
      this.nodes = nodes;
      this.unusable = Map.copyOf(unusable);
    }

    /** The catalogue version these types are at. */
    public long version() {
      return version;
    }

    /** The config in force: the file's, with these grant types. */
    public TailGrantConfig config() {
      return config;
    }

    /** Each type in force by name, its definition as JSON. */
    public Map<String, String> definitions() {
      Map<String, String> out = new LinkedHashMap<>();
      nodes.forEach((k, v) -> out.put(k, json(v)));
      return out;
    }

    /** Changes that no longer read against the config file, by type name, with the reason. */
    public Map<String, String> unusable() {
      return unusable;
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** What {@code e} makes of its type: a definition, the file's again, or none. */
  private void apply(CatalogEntry e, Map<String, JsonNode> nodes) {
    if (e.definition() != null) {
      nodes.put(e.name(), parse(e.definition()));
    } else if (e.backToFile() && fileDefinitions.containsKey(e.name())) {
      nodes.put(e.name(), fileDefinitions.get(e.name()));
    } else {
      nodes.remove(e.name());
    }
  }

  /** Reads {@code nodes} as the file's {@code grantTypes}, by the file's rules. */
  private TailGrantConfig read(Map<String, JsonNode> nodes) {
    ObjectNode tree = root.deepCopy();
    ArrayNode types = tree.putArray("grantTypes");
    List<String> names = new ArrayList<>(nodes.keySet());
    nodes.values().forEach(types::add);
    List<String> problems = new ArrayList<>();
    Path source = file.source();
    TailGrantConfig read = ConfigLoader.read(source, new ConfigNode(tree, "", source, problems));
    if (problems.isEmpty()) {
      return read;
    }
    List<String> named = new ArrayList<>();
    String prefix = source + ": ";
    for (String p : problems) {
      String s = p.startsWith(prefix) ? p.substring(prefix.length()) : p;
      Matcher m = TYPE_INDEX.matcher(s);
      if (m.find()) {
        int i = Integer.parseInt(m.group(1));
        s = "grantTypes[" + (i < names.size() ? names.get(i) : i) + "]" + s.substring(m.end());
      }
      named.add(s);
    }
    throw Refusal.badRequest("invalid_grant_type", String.join("; ", named));
  }

  private void checkShape(TailGrantConfig read, String name) {
    GrantTypeConfig t = read.grantType(name).orElseThrow();
    if (!shapes.contains(AccessShape.of(t))) {
      throw Refusal.badRequest(
          "access_not_in_file",
          "grantTypes["
              + name
              + "]: gives access no grant type of the config file gives (its kind, tags, posture"
              + " attribute, target, role or auth key must be those of a type in the file): add"
              + " such a type to the file first");
    }
  }

  private static CatalogEntry kept(
      CatalogState state, String name, long version, LiveGrantTypesConfig limits) {
    return state
        .entry(version)
        .filter(e -> e.name().equals(name))
        .orElseThrow(
            () ->
                Refusal.badRequest(
                    "version_not_kept",
                    "version "
                        + version
                        + " of '"
                        + name
                        + "' is not kept (the catalogue keeps the last "
                        + limits.versionsKept()
                        + " versions)"));
  }

  private static void requireExists(boolean exists, String name) {
    if (!exists) {
      throw Refusal.notFound("there is no grant type '" + name + "'");
    }
  }

  private static String requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw Refusal.badRequest(
          "bad_name", "a grant type's name is lower-case letters, digits and '-' (63 at most)");
    }
    return name;
  }

  /** The submitted definition (JSON or YAML) as an object named {@code name}. */
  private static JsonNode definition(String text, String name, LiveGrantTypesConfig limits) {
    if (text == null || text.isBlank()) {
      throw Refusal.badRequest("bad_definition", "the grant type's definition is missing");
    }
    if (text.getBytes(StandardCharsets.UTF_8).length > 4 * limits.maxDefinitionBytes()) {
      throw tooLarge(limits);
    }
    JsonNode parsed;
    try {
      parsed = YAML.readTree(text);
    } catch (IOException e) {
      throw Refusal.badRequest(
          "bad_definition", "the definition is neither JSON nor YAML: " + firstLine(e));
    }
    if (parsed == null || !parsed.isObject()) {
      throw Refusal.badRequest(
          "bad_definition", "the definition must be a mapping, as one entry under grantTypes");
    }
    JsonNode given = parsed.get("name");
    if (given != null && !given.asText().equals(name)) {
      throw Refusal.badRequest(
          "name_mismatch",
          "the definition names '" + given.asText() + "', the request '" + name + "'");
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("name", name);
    parsed.fields().forEachRemaining(f -> out.set(f.getKey(), f.getValue()));
    if (json(out).getBytes(StandardCharsets.UTF_8).length > limits.maxDefinitionBytes()) {
      throw tooLarge(limits);
    }
    return out;
  }

  private static Refusal tooLarge(LiveGrantTypesConfig limits) {
    return Refusal.badRequest(
        "definition_too_large",
        "a grant type's definition is at most "
            + limits.maxDefinitionBytes()
            + " bytes of JSON (liveGrantTypes.maxDefinitionBytes)");
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    return m.lines().findFirst().orElse("");
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a kept definition is not JSON", e);
    }
  }

  static String json(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The config file's own definition of {@code name}, as JSON. */
  public Optional<String> fileDefinition(String name) {
    return Optional.ofNullable(fileDefinitions.get(name)).map(LiveCatalog::json);
  }
}
