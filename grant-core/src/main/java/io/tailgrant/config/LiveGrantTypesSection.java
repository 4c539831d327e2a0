package io.tailgrant.config;

/** Reads the {@code liveGrantTypes} section: grant types managed at run time, and their limits. */
final class LiveGrantTypesSection {
  /**
   * The catalogue's state (types in force and versions kept, each with its definition and diff) is
   * one Temporal payload: it must stay well under Temporal's 2 MB limit.
   */
  static final long MAX_STATE_BYTES = 1024 * 1024;

  /** Room each kept version needs beside its definition (its diff and bookkeeping). */
  static final int ENTRY_OVERHEAD_BYTES = 2560;

  private LiveGrantTypesSection() {}

  static LiveGrantTypesConfig read(ConfigNode n) {
    LiveGrantTypesConfig d = LiveGrantTypesConfig.DEFAULTS;
    if (n == null) {
      return d;
    }
    boolean enabled = n.bool("enabled", d.enabled());
    int maxTypes = n.integer("maxTypes", d.maxTypes(), 1, 500);
    int maxBytes = n.integer("maxDefinitionBytes", d.maxDefinitionBytes(), 256, 16384);
    int kept = n.integer("versionsKept", d.versionsKept(), 1, 500);
    long worst = (long) (maxTypes + kept) * (maxBytes + ENTRY_OVERHEAD_BYTES);
    if (worst > MAX_STATE_BYTES) {
      n.problem(
          "maxTypes",
          "maxTypes + versionsKept definitions of maxDefinitionBytes could reach "
              + worst / 1024
              + " KiB; the catalogue holds at most "
              + MAX_STATE_BYTES / 1024
              + " KiB: lower one of them");
    }
    n.finish("allowed: enabled, maxTypes, maxDefinitionBytes, versionsKept");
    return new LiveGrantTypesConfig(enabled, maxTypes, maxBytes, kept);
  }
}
