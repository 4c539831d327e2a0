package io.tailgrant.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The live catalogue: its version (0 before any change) and the versions it keeps, oldest first.
 * The latest entry of each name says what that type is now. {@code savedAt} is when this state was
 * handed to a new run (a run refuses a state that is not fresh, so an old state copied from history
 * cannot roll the catalogue back). Pure.
 */
public record CatalogState(long version, List<CatalogEntry> entries, Instant savedAt) {

  public CatalogState {
    entries = entries == null ? List.of() : List.copyOf(entries);
  }

  /** The catalogue before any change: the config file's types only. */
  public static CatalogState empty(Instant at) {
    return new CatalogState(0, List.of(), at);
  }

  /** The latest entry of every name, in the order the names were first changed. */
  public Map<String, CatalogEntry> current() {
    Map<String, CatalogEntry> out = new LinkedHashMap<>();
    for (CatalogEntry e : entries) {
      out.remove(e.name());
      out.put(e.name(), e);
    }
    return out;
  }

  /** The latest entry of {@code name}, if any was kept. */
  public Optional<CatalogEntry> latest(String name) {
    return Optional.ofNullable(current().get(name));
  }

  /** Version {@code version}, if it is still kept. */
  public Optional<CatalogEntry> entry(long version) {
    return entries.stream().filter(e -> e.version() == version).findFirst();
  }

  /** Every kept version of {@code name}, newest first. */
  public List<CatalogEntry> history(String name) {
    List<CatalogEntry> out = new ArrayList<>();
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.get(i).name().equals(name)) {
        out.add(entries.get(i));
      }
    }
    return out;
  }

  /**
   * This state with {@code entry} as its next version, keeping the last {@code versionsKept}
   * versions and, older than those, only what is still in force: the latest definition of a type,
   * and the retirement of a type the config file defines. A retired type the file does not define,
   * or one back to the file's definition, is the same as no entry at all.
   */
  public CatalogState with(CatalogEntry entry, int versionsKept) {
    List<CatalogEntry> all = new ArrayList<>(entries);
    all.add(entry);
    Set<String> seen = new HashSet<>();
    List<CatalogEntry> kept = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0; i--) {
      CatalogEntry e = all.get(i);
      boolean latest = seen.add(e.name());
      boolean recent = all.size() - i <= versionsKept;
      boolean inForce = latest && (e.definition() != null || (e.retired() && e.fileType()));
      if (recent || inForce) {
        kept.add(0, e);
      }
    }
    return new CatalogState(entry.version(), kept, savedAt);
  }

  /** This state as handed to a new run at {@code at}. */
  public CatalogState savedAt(Instant at) {
    return new CatalogState(version, entries, at);
  }
}
