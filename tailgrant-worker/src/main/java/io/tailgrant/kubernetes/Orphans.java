package io.tailgrant.kubernetes;

import static io.tailgrant.kubernetes.KubernetesNames.ENDS_AT_ANNOTATION;
import static io.tailgrant.kubernetes.KubernetesNames.GRANT_LABEL;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which of TailGrant's objects in one cluster no open grant owns, grant by grant. */
final class Orphans {

  /** An object whose recorded end is this far past is removed even if its grant still runs. */
  static final Duration GRACE = Duration.ofMinutes(2);

  private final Map<String, List<HasMetadata>> byGrant;
  private final Set<String> overdue;

  private Orphans(Map<String, List<HasMetadata>> byGrant, Set<String> overdue) {
    this.byGrant = byGrant;
    this.overdue = overdue;
  }

  /**
   * Groups {@code managed} by their grant label (objects without one are left alone) and marks as
   * overdue the grants with an object more than {@link #GRACE} past its recorded end at {@code
   * now}; the grace leaves the grant's own removal time to run first.
   */
  static Orphans among(List<HasMetadata> managed, Instant now) {
    Map<String, List<HasMetadata>> byGrant = new LinkedHashMap<>();
    for (HasMetadata o : managed) {
      Map<String, String> labels = o.getMetadata().getLabels();
      String grantId = labels == null ? null : labels.get(GRANT_LABEL);
      if (grantId != null) {
        byGrant.computeIfAbsent(grantId, g -> new ArrayList<>()).add(o);
      }
    }
    Set<String> overdue = new LinkedHashSet<>();
    byGrant.forEach(
        (grantId, objects) -> {
          if (objects.stream().anyMatch(o -> recordedEnd(o).plus(GRACE).isBefore(now))) {
            overdue.add(grantId);
          }
        });
    return new Orphans(byGrant, overdue);
  }

  /** The grants whose fate depends on whether their workflow still runs: ask about each once. */
  Set<String> undecided() {
    Set<String> undecided = new LinkedHashSet<>(byGrant.keySet());
    undecided.removeAll(overdue);
    return undecided;
  }

  /** The objects to delete, by grant: those of overdue grants and of grants not {@code running}. */
  Map<String, List<HasMetadata>> toDelete(Set<String> running) {
    Map<String, List<HasMetadata>> doomed = new LinkedHashMap<>();
    byGrant.forEach(
        (grantId, objects) -> {
          if (overdue.contains(grantId) || !running.contains(grantId)) {
            doomed.put(grantId, List.copyOf(objects));
          }
        });
    return doomed;
  }

  /**
   * TailGrant always writes the end; without a readable one (edited by hand) access is not kept.
   */
  private static Instant recordedEnd(HasMetadata o) {
    Map<String, String> annotations = o.getMetadata().getAnnotations();
    String text = annotations == null ? null : annotations.get(ENDS_AT_ANNOTATION);
    try {
      return text == null ? Instant.EPOCH : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }
}
