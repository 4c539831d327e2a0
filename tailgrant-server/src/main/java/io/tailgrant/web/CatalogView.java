package io.tailgrant.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tailgrant.catalog.CatalogEntry;
import io.tailgrant.catalog.CatalogState;
import io.tailgrant.config.GrantTypeConfig;
import io.tailgrant.config.LiveCatalog;
import io.tailgrant.grant.Refusal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grant-type catalogue as admins see it, for the API and the pages alike: every type in force
 * with where it comes from (the config file, or a live version: who and when), retired types,
 * changes that no longer read, and one type's definition with its kept versions.
 */
final class CatalogView {
  /** One type in force, or retired. */
  record Row(
      String name, String source, long version, String actor, Instant at, String description) {}

  /** One version of a type, as the history shows it. */
  record Version(
      long version,
      String action,
      String actor,
      Instant at,
      String diff,
      boolean retired,
      boolean backToFile,
      long rolledBackTo,
      String definitionYaml) {

    static Version of(CatalogEntry e) {
      return new Version(
          e.version(),
          e.action().wire(),
          e.actor(),
          e.at(),
          e.diff(),
          e.retired(),
          e.backToFile(),
          e.rolledBackTo(),
          LiveCatalog.yaml(e.definition()));
    }
  }

  private CatalogView() {}

  /** The overview: {@code liveEditing}, {@code version}, {@code types}, {@code retired}, ... */
  static Map<String, Object> overview(LiveGrantTypes live) {
    CatalogState state = live.state();
    LiveCatalog.Resolved in = live.resolve(state);
    Map<String, CatalogEntry> latest = state.current();
    List<Row> types = new ArrayList<>();
    for (GrantTypeConfig t : in.config().grantTypes()) {
      CatalogEntry e = latest.get(t.name());
      types.add(
          new Row(
              t.name(),
              t.catalogVersion() > 0 ? "live" : "file",
              t.catalogVersion(),
              e == null ? null : e.actor(),
              e == null ? null : e.at(),
              t.description()));
    }
    List<Row> retired = new ArrayList<>();
    for (CatalogEntry e : latest.values()) {
      if (in.config().grantType(e.name()).isEmpty() && !in.unusable().containsKey(e.name())) {
        retired.add(new Row(e.name(), "retired", e.version(), e.actor(), e.at(), null));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("liveEditing", live.enabled());
    out.put("version", state.version());
    out.put("types", types);
    out.put("retired", retired);
    out.put("unusable", in.unusable());
    return out;
  }

  /** One type: its definition in force (JSON and YAML), where it comes from, its kept versions. */
  static Map<String, Object> type(LiveGrantTypes live, String name) {
    CatalogState state = live.state();
    LiveCatalog.Resolved in = live.resolve(state);
    String json = in.definitions().get(name);
    List<Version> history = state.history(name).stream().map(Version::of).toList();
    if (json == null && history.isEmpty() && !in.unusable().containsKey(name)) {
      throw Refusal.notFound("there is no grant type '" + name + "'");
    }
    long version = in.config().grantType(name).map(GrantTypeConfig::catalogVersion).orElse(0L);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    out.put(
        "source",
        json == null
            ? (in.unusable().containsKey(name) ? "unusable" : "retired")
            : version > 0 ? "live" : "file");
    out.put("version", version);
    out.put("definition", json == null ? null : tree(json));
    out.put("definitionYaml", LiveCatalog.yaml(json));
    out.put("problem", in.unusable().get(name));
    out.put("liveEditing", live.enabled());
    out.put("inFile", live.inFile(name));
    out.put("history", history);
    return out;
  }

  /** A kept version as the API answers it. */
  static Map<String, Object> entry(CatalogEntry e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", e.name());
    out.put("version", e.version());
    out.put("action", e.action().wire());
    out.put("actor", e.actor());
    out.put("at", e.at());
    out.put("diff", e.diff());
    out.put("retired", e.retired());
    out.put("definition", e.definition() == null ? null : tree(e.definition()));
    return out;
  }

  private static Object tree(String json) {
    try {
      return ApiJson.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
