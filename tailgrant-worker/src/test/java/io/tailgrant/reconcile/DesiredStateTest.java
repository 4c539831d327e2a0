package io.tailgrant.reconcile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.directory.GrantSummary;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.Risk;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link DesiredState} from plain grant summaries: what drifts and what is worth a read. */
class DesiredStateTest {
  private static final Set<String> MANAGED_TAGS = Set.of("tag:deploy", "tag:db-admin");
  private static final Set<String> MANAGED_KEYS = Set.of("custom:tailgrant_ssh");
  private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

  private static GrantSummary tags(String node, GrantStatus status, String... tags) {
    return summary(node, GrantKind.TAGS, List.of(tags), null, status);
  }

  private static GrantSummary posture(String node, GrantStatus status, String key) {
    return summary(node, GrantKind.POSTURE, List.of(), key, status);
  }

  private static GrantSummary summary(
      String node, GrantKind kind, List<String> tags, String key, GrantStatus status) {
    return new GrantSummary(
        "g-" + node,
        "type",
        kind,
        Risk.LOW,
        "alice@example.com",
        node,
        node,
        tags,
        key,
        status,
        List.of(),
        List.of(),
        "x",
        T,
        T,
        T.plusSeconds(3600),
        null,
        1,
        null,
        null,
        null,
        null,
        false,
        null,
        false,
        false,
        null,
        null,
        List.of(),
        null);
  }

  private static DesiredState of(GrantSummary... grants) {
    return DesiredState.of(List.of(grants), MANAGED_TAGS, MANAGED_KEYS);
  }

  @Test
  void activeAndActivatingGrantsWantTheirTags() {
    DesiredState desired =
        of(
            tags("n1", GrantStatus.ACTIVE, "tag:deploy"),
            tags("n1", GrantStatus.ACTIVATING, "tag:db-admin"));

    assertFalse(desired.tagsDrift("n1", List.of("tag:ci", "tag:deploy", "tag:db-admin")));
    assertTrue(desired.tagsDrift("n1", List.of("tag:ci", "tag:deploy")), "a held tag is missing");
  }

  @Test
  void aManagedTagNoGrantHoldsIsDrift() {
    assertTrue(of().tagsDrift("n1", List.of("tag:prod-db", "tag:deploy")));
  }

  @Test
  void unmanagedTagsAreNotDrift() {
    assertFalse(of().tagsDrift("n1", List.of("tag:prod-db", "tag:ci")));
  }

  @Test
  void aTagOfAnEndedGrantCountsAsTailGrantsEvenOutsideTheConfig() {
    DesiredState desired = of(tags("n1", GrantStatus.EXPIRED, "tag:retired"));

    assertTrue(desired.tagsDrift("n1", List.of("tag:retired")));
    assertFalse(desired.tagsDrift("n2", List.of("tag:other")));
  }

  @Test
  void aGrantBeingRemovedOrEndedWantsNothing() {
    DesiredState desired =
        of(
            tags("n1", GrantStatus.DEACTIVATING, "tag:deploy"),
            tags("n2", GrantStatus.REVOKED, "tag:deploy"));

    for (String node : List.of("n1", "n2")) {
      assertFalse(desired.tagsDrift(node, List.of()), node);
      assertTrue(desired.tagsDrift(node, List.of("tag:deploy")), node);
    }
  }

  @Test
  void attributesAreReadOnlyWhereAGrantWithAKeyPoints() {
    DesiredState desired =
        of(
            posture("n-open", GrantStatus.ACTIVE, "custom:tailgrant_ssh"),
            posture("n-ended", GrantStatus.EXPIRED, "custom:tailgrant_ssh"),
            tags("n-tags", GrantStatus.ACTIVE, "tag:deploy"));

    assertTrue(desired.readsAttributes("n-open"));
    assertTrue(desired.readsAttributes("n-ended"), "recently ended: its key may be left over");
    assertFalse(desired.readsAttributes("n-tags"));
    assertFalse(desired.readsAttributes("n-none"));
  }

  @Test
  void keysDriftWhenAHeldKeyIsMissingOrALeftoverRemains() {
    DesiredState desired =
        of(
            posture("n1", GrantStatus.ACTIVE, "custom:tailgrant_ssh"),
            posture("n2", GrantStatus.EXPIRED, "custom:tailgrant_db"));

    assertFalse(desired.keysDrift("n1", Set.of("custom:tailgrant_ssh", "node:os")));
    assertTrue(desired.keysDrift("n1", Set.of("node:os")), "held key missing");
    assertTrue(desired.keysDrift("n2", Set.of("custom:tailgrant_db")), "ended grant's key left");
    assertFalse(desired.keysDrift("n2", Set.of("custom:someone_elses")));
  }
}
