package io.tailgrant.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.Risk;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a summary says a grant's removal is stuck, and summaries across versions. */
class GrantSummaryTest {
  private static final Instant END = Instant.parse("2030-05-01T11:00:00Z");
  private static final Duration AFTER = Duration.ofMinutes(5);

  private static GrantSummary summary(GrantStatus status, Instant statusSince) {
    return new GrantSummary(
        "g-1",
        "ssh-prod",
        GrantKind.POSTURE,
        Risk.LOW,
        "alice@example.com",
        "n1",
        "alice-laptop",
        List.of(),
        "custom:x",
        status,
        List.of(),
        List.of(),
        "r",
        END.minusSeconds(3600),
        END.minusSeconds(3600),
        END,
        null,
        4,
        "n-alice",
        statusSince,
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

  @Test
  void aRemovalIsStuckFromTheAlertThresholdOnUntilItEnds() {
    Instant revokedAt = END.minus(Duration.ofMinutes(30));
    GrantSummary removing = summary(GrantStatus.DEACTIVATING, revokedAt);
    assertFalse(removing.removalStuck(revokedAt.plus(AFTER).minusMillis(1), AFTER));
    assertTrue(removing.removalStuck(revokedAt.plus(AFTER), AFTER), "when the admins hear of it");
    assertTrue(removing.removalStuck(revokedAt.plus(Duration.ofHours(5)), AFTER));
    for (GrantStatus other : GrantStatus.values()) {
      if (other != GrantStatus.DEACTIVATING) {
        assertFalse(
            summary(other, revokedAt).removalStuck(revokedAt.plus(Duration.ofHours(5)), AFTER),
            other + " is not removing");
      }
    }
  }

  @Test
  void aSummaryFromBeforeStatusSinceCountsFromItsEnd() {
    GrantSummary old = summary(GrantStatus.DEACTIVATING, null);
    assertFalse(old.removalStuck(END.plus(AFTER).minusMillis(1), AFTER));
    assertTrue(old.removalStuck(END.plus(AFTER), AFTER));
  }

  @Test
  void readersIgnorePropertiesTheyDoNotKnowAndOldSummariesHaveNoStatusSince() throws Exception {
    ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    ObjectNode written = json.valueToTree(summary(GrantStatus.ACTIVE, END.minusSeconds(60)));
    written.put("addedByANewerWorker", 1);
    assertEquals(END.minusSeconds(60), json.treeToValue(written, GrantSummary.class).statusSince());
    written.remove("statusSince");
    assertNull(json.treeToValue(written, GrantSummary.class).statusSince());
  }
}
