package io.tailgrant.kubernetes;

import static io.tailgrant.kubernetes.KubernetesNames.ENDS_AT_ANNOTATION;
import static io.tailgrant.kubernetes.KubernetesNames.GRANT_LABEL;
import static io.tailgrant.kubernetes.KubernetesNames.MANAGED_BY_LABEL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Orphans} over plain objects: what a sweep removes, and whom it asks about liveness. */
class OrphansTest {
  private static final Instant END = Instant.parse("2030-05-01T10:00:00Z");

  private static ObjectMetaBuilder meta(String name, String grantId, String end) {
    ObjectMetaBuilder meta =
        new ObjectMetaBuilder().withName(name).addToLabels(MANAGED_BY_LABEL, "tailgrant");
    if (grantId != null) {
      meta.addToLabels(GRANT_LABEL, grantId);
    }
    if (end != null) {
      meta.addToAnnotations(ENDS_AT_ANNOTATION, end);
    }
    return meta;
  }

  private static HasMetadata account(String grantId, String end) {
    return new ServiceAccountBuilder()
        .withMetadata(meta("sa-" + grantId, grantId, end).build())
        .build();
  }

  private static HasMetadata binding(String grantId, String end) {
    return new ClusterRoleBindingBuilder()
        .withMetadata(meta("crb-" + grantId, grantId, end).build())
        .build();
  }

  private static List<HasMetadata> pair(String grantId, Instant end) {
    return List.of(account(grantId, end.toString()), binding(grantId, end.toString()));
  }

  @Test
  void aGrantThatNoLongerRunsLosesEveryObject() {
    Orphans orphans = Orphans.among(pair("g-gone", END), END.minusSeconds(60));

    assertEquals(Set.of("g-gone"), orphans.undecided());
    assertEquals(List.of("g-gone"), List.copyOf(orphans.toDelete(Set.of()).keySet()));
    assertEquals(2, orphans.toDelete(Set.of()).get("g-gone").size());
  }

  @Test
  void aRunningGrantWithinItsEndKeepsItsObjects() {
    Orphans orphans = Orphans.among(pair("g-open", END), END.minusSeconds(60));

    assertEquals(Map.of(), orphans.toDelete(Set.of("g-open")));
  }

  @Test
  void pastTheEndPlusTheGraceGoesEvenIfTheGrantRunsAndNobodyIsAsked() {
    Instant now = END.plus(Orphans.GRACE).plusSeconds(1);
    Orphans orphans = Orphans.among(pair("g-overdue", END), now);

    assertEquals(Set.of(), orphans.undecided());
    assertEquals(Set.of("g-overdue"), orphans.toDelete(Set.of("g-overdue")).keySet());
  }

  @Test
  void exactlyAtTheGraceTheRunningGrantKeepsItsObjects() {
    Orphans orphans = Orphans.among(pair("g-edge", END), END.plus(Duration.ofMinutes(2)));

    assertEquals(Set.of("g-edge"), orphans.undecided());
    assertEquals(Map.of(), orphans.toDelete(Set.of("g-edge")));
  }

  @Test
  void oneOverdueObjectIsEnoughForTheWholeGrant() {
    List<HasMetadata> objects =
        List.of(
            account("g-split", END.toString()),
            binding("g-split", END.plus(Duration.ofHours(1)).toString()));
    Orphans orphans = Orphans.among(objects, END.plus(Duration.ofMinutes(3)));

    assertEquals(2, orphans.toDelete(Set.of("g-split")).get("g-split").size());
  }

  @Test
  void aMissingOrUnreadableEndIsOverdue() {
    List<HasMetadata> objects = List.of(account("g-noend", null), account("g-edited", "tomorrow"));
    Orphans orphans = Orphans.among(objects, END);

    assertEquals(Set.of(), orphans.undecided());
    assertEquals(
        Set.of("g-noend", "g-edited"), orphans.toDelete(Set.of("g-noend", "g-edited")).keySet());
  }

  @Test
  void objectsWithoutAGrantLabelAreLeftAlone() {
    Orphans orphans = Orphans.among(List.of(account(null, null)), END);

    assertEquals(Set.of(), orphans.undecided());
    assertEquals(Map.of(), orphans.toDelete(Set.of()));
  }

  @Test
  void eachGrantIsAskedAboutOnce() {
    List<HasMetadata> objects =
        List.of(
            account("g-a", END.toString()),
            account("g-b", END.toString()),
            binding("g-a", END.toString()),
            binding("g-b", END.toString()));
    Orphans orphans = Orphans.among(objects, END.minusSeconds(60));

    assertEquals(List.of("g-a", "g-b"), List.copyOf(orphans.undecided()));
    assertEquals(Set.of("g-b"), orphans.toDelete(Set.of("g-a")).keySet());
  }
}
