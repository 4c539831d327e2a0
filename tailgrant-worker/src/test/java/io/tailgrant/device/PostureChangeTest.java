package io.tailgrant.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.device.PostureChange.Upsert;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.PostureAttribute;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link PostureChange} on plain inputs: which attributes are deleted and which are set. */
class PostureChangeTest {
  private static final Set<String> MANAGED = Set.of("custom:tailgrant_ssh", "custom:tailgrant_db");
  private static final Instant END = Instant.parse("2026-03-01T12:00:00Z");

  private final Map<String, Object> attributes = new HashMap<>();
  private final Map<String, String> expiries = new HashMap<>();

  private void has(String key, Object value, String expiry) {
    attributes.put(key, value);
    if (expiry != null) {
      expiries.put(key, expiry);
    }
  }

  private static DeviceAsset holds(String grantId, String key, Object value, Instant end) {
    return new DeviceAsset(
        grantId, GrantKind.POSTURE, List.of(), new PostureAttribute(key, value), end);
  }

  private PostureChange change(DeviceAsset... held) {
    return PostureChange.of(attributes, expiries, List.of(held), MANAGED);
  }

  @Test
  void aHeldKeyIsSetWithTheGrantsEndAndName() {
    assertEquals(
        List.of(new Upsert("custom:tailgrant_ssh", true, END, "TailGrant grant g1")),
        change(holds("g1", "custom:tailgrant_ssh", true, END)).upserts());
  }

  @Test
  void aManagedKeyNoGrantHoldsIsDeletedAndAHeldOneStays() {
    has("custom:tailgrant_db", "granted", "2026-03-01T11:00:00Z");
    has("custom:tailgrant_ssh", true, END.toString());

    PostureChange change = change(holds("g1", "custom:tailgrant_ssh", true, END));

    assertEquals(List.of("custom:tailgrant_db"), change.deletes());
    assertEquals(List.of(), change.upserts());
  }

  @Test
  void sameValueAndSameExpiryToTheSecondIsNoChange() {
    // As read back from JSON: an Integer, the expiry with an offset and a sub-second part.
    has("custom:tailgrant_ssh", 87, "2026-03-01T13:00:00.400+01:00");

    assertTrue(change(holds("g1", "custom:tailgrant_ssh", 87L, END)).isEmpty());
  }

  @Test
  void anotherExpiryIsRewritten() {
    has("custom:tailgrant_ssh", true, "2026-03-01T11:00:00Z");
    Instant later = END.plus(Duration.ofHours(1));

    assertEquals(
        List.of(new Upsert("custom:tailgrant_ssh", true, later, "TailGrant grant g1")),
        change(holds("g1", "custom:tailgrant_ssh", true, later)).upserts());
  }

  @Test
  void aMissingOrUnreadableExpiryIsRewritten() {
    has("custom:tailgrant_ssh", true, null);
    has("custom:tailgrant_db", "granted", "tomorrow");

    PostureChange change =
        change(
            holds("g1", "custom:tailgrant_ssh", true, END),
            holds("g2", "custom:tailgrant_db", "granted", END));

    assertEquals(2, change.upserts().size());
    assertEquals(List.of(), change.deletes());
  }

  @Test
  void anotherValueIsRewritten() {
    has("custom:tailgrant_db", "viewer", END.toString());

    assertEquals(
        "admin", change(holds("g1", "custom:tailgrant_db", "admin", END)).upserts().get(0).value());
  }

  @Test
  void aKeyHeldByTwoGrantsLastsUntilTheLaterEnd() {
    Instant later = END.plus(Duration.ofHours(2));

    PostureChange change =
        change(
            holds("g-late", "custom:tailgrant_ssh", true, later),
            holds("g-early", "custom:tailgrant_ssh", true, END));

    assertEquals(
        List.of(new Upsert("custom:tailgrant_ssh", true, later, "TailGrant grant g-late")),
        change.upserts());
  }

  @Test
  void unmanagedAndNodeAttributesAreNeverTouched() {
    has("custom:someone_elses", true, null);
    has("node:os", "linux", null);

    assertTrue(change().isEmpty());
  }

  @Test
  void aHeldKeyOutsideTheManagedSetIsStillSet() {
    assertEquals(
        "custom:new_in_config",
        change(holds("g1", "custom:new_in_config", "on", END)).upserts().get(0).key());
  }

  @Test
  void onlyPostureAssetsCount() {
    DeviceAsset tags = new DeviceAsset("g1", GrantKind.TAGS, List.of("tag:x"), null, END);
    has("custom:tailgrant_ssh", true, null);

    PostureChange change = change(tags);

    assertEquals(List.of("custom:tailgrant_ssh"), change.deletes());
    assertEquals(List.of(), change.upserts());
  }

  @Test
  void writesComeInKeyOrder() {
    has("custom:tailgrant_ssh", true, null);
    has("custom:tailgrant_db", true, null);

    assertEquals(List.of("custom:tailgrant_db", "custom:tailgrant_ssh"), change().deletes());
  }
}
