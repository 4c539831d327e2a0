package io.tailgrant.config;

import io.tailgrant.grant.Durations;
import io.tailgrant.grant.ScheduledStart;
import java.time.Duration;

/**
 * Reads a grant type's {@code scheduling: {maxLead: 7d}}: requests may name a later start, at most
 * {@code maxLead} ahead ({@link ScheduledStart}). The same reader serves every source of grant
 * types (the file and the live catalogue), so a rule is valid in one place only if it is valid
 * everywhere.
 */
final class SchedulingSection {
  private SchedulingSection() {}

  /** The type's longest lead, or null when it has no {@code scheduling} (starts when approved). */
  static Duration read(ConfigNode t) {
    ConfigNode s = t.object("scheduling", false);
    if (s == null) {
      return null;
    }
    Duration maxLead = s.duration("maxLead", null, true);
    s.finish("allowed: maxLead");
    if (maxLead != null && maxLead.compareTo(ScheduledStart.MAX_LEAD_CEILING) > 0) {
      s.problem(
          "maxLead",
          "is longer than "
              + ScheduledStart.MAX_LEAD_CEILING.toDays()
              + "d, the longest a request may wait for its start");
      return null;
    }
    return maxLead;
  }

  /** The lead as the API and pages show it, e.g. {@code 7d} or {@code 2h}; null for null. */
  static String format(Duration maxLead) {
    if (maxLead == null) {
      return null;
    }
    if (maxLead.toHours() % 24 == 0 && maxLead.toSeconds() % 3600 == 0 && maxLead.toDays() > 0) {
      return maxLead.toDays() + "d";
    }
    return Durations.format(maxLead);
  }
}
