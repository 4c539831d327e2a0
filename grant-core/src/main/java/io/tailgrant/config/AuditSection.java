package io.tailgrant.config;

import java.nio.file.Path;

/** Reads the {@code audit} section: the audit log file, if any. */
final class AuditSection {
  private AuditSection() {}

  /** The audit file, resolved against the config file's folder; null for none. */
  static Path read(ConfigNode n) {
    if (n == null) {
      return null;
    }
    Path file = n.optionalPath("file");
    n.finish(null);
    return file;
  }
}
