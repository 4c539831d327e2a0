package io.tailgrant.tailnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.device.DeviceAsset;
import io.tailgrant.device.DeviceSyncActivities;
import io.tailgrant.device.DeviceSyncActivitiesImpl;
import io.tailgrant.device.DeviceSyncRequest;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.PostureAttribute;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DeviceSyncActivitiesImpl}'s logic against an in-memory API. Paths that succeed are called
 * directly; failure paths read the activity's attempt number, so they run in a {@link
 * TestActivityEnvironment}.
 */
class DeviceSyncActivitiesImplTest {
  private static final Set<String> MANAGED_TAGS = Set.of("tag:deploy", "tag:db-admin");
  private static final Set<String> MANAGED_KEYS =
      Set.of("custom:tailgrant_ssh", "custom:tailgrant_db");
  private static final Instant END = Instant.parse("2026-03-01T12:00:00Z");
  private static final Set<GrantKind> TAGS = EnumSet.of(GrantKind.TAGS);
  private static final Set<GrantKind> POSTURE = EnumSet.of(GrantKind.POSTURE);

  private final FakeTailscaleApi api = new FakeTailscaleApi();
  private final DeviceSyncActivitiesImpl sync =
      new DeviceSyncActivitiesImpl(api, MANAGED_TAGS, MANAGED_KEYS);
  private TestActivityEnvironment env;

  @AfterEach
  void closeEnv() {
    if (env != null) {
      env.close();
    }
  }

  private static DeviceAsset tagAsset(String grantId, String... tags) {
    return new DeviceAsset(grantId, GrantKind.TAGS, List.of(tags), null, END);
  }

  private static DeviceAsset postureAsset(String grantId, String key, Object value, Instant end) {
    return new DeviceAsset(
        grantId, GrantKind.POSTURE, List.of(), new PostureAttribute(key, value), end);
  }

  private static DeviceSyncRequest request(
      String nodeId, Set<GrantKind> kinds, boolean removing, DeviceAsset... held) {
    return new DeviceSyncRequest(nodeId, List.of(held), kinds, removing);
  }

  /**
   * Runs syncDevice as a real activity (one attempt) and returns the ApplicationFailure it ended
   * with.
   */
  private ApplicationFailure failureOf(DeviceSyncRequest request) {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(sync);
    DeviceSyncActivities stub =
        env.newActivityStub(
            DeviceSyncActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(20))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    ActivityFailure f = assertThrows(ActivityFailure.class, () -> stub.syncDevice(request));
    return assertInstanceOf(ApplicationFailure.class, f.getCause());
  }

  private List<FakeTailscaleApi.Write> writes() {
    return api.writes;
  }

  // ---------------------------------------------------------------- tags

  @Test
  void tagsAreCurrentMinusManagedPlusHeld() {
    api.addDevice("n1", "tagged-devices", List.of("tag:ci", "tag:db-admin", "tag:other"));

    sync.syncDevice(request("n1", TAGS, false, tagAsset("g1", "tag:deploy")));

    assertEquals(1, writes().size());
    // tag:db-admin is managed and no grant holds it: gone. Unmanaged tags stay, held ones are
    // added.
    assertEquals(List.of("tag:ci", "tag:other", "tag:deploy"), writes().get(0).tags());
    assertEquals(List.of("getDevice n1", "setTags n1"), api.calls);
  }

  @Test
  void tagsHeldByTwoGrantsAreWrittenOnce() {
    api.addDevice("n1", "tagged-devices", List.of("tag:ci"));

    sync.syncDevice(
        request(
            "n1",
            TAGS,
            false,
            tagAsset("g1", "tag:deploy"),
            tagAsset("g2", "tag:deploy", "tag:db-admin")));

    assertEquals(List.of("tag:ci", "tag:deploy", "tag:db-admin"), writes().get(0).tags());
  }

  @Test
  void noWriteWhenTagsAlreadyMatch() {
    api.addDevice("n1", "tagged-devices", List.of("tag:deploy", "tag:ci"));

    sync.syncDevice(request("n1", TAGS, false, tagAsset("g1", "tag:deploy")));

    assertEquals(List.of(), writes());
    assertEquals(List.of("getDevice n1"), api.calls);
  }

  @Test
  void noWriteWhenNothingManagedIsPresentOrHeld() {
    api.addDevice("n1", "tagged-devices", List.of("tag:ci", "tag:web"));

    sync.syncDevice(request("n1", TAGS, true));

    assertEquals(List.of(), writes());
  }

  @Test
  void removingTakesOnlyManagedTagsAway() {
    api.addDevice("n1", "tagged-devices", List.of("tag:ci", "tag:deploy", "tag:db-admin"));

    sync.syncDevice(request("n1", TAGS, true, tagAsset("g2", "tag:db-admin")));

    assertEquals(List.of("tag:ci", "tag:db-admin"), writes().get(0).tags());
    assertEquals(List.of("tag:ci", "tag:db-admin"), api.tags("n1"));
  }

  @Test
  void heldTagOutsideManagedSetIsStillAdded() {
    api.addDevice("n1", "tagged-devices", List.of("tag:ci"));

    sync.syncDevice(request("n1", TAGS, false, tagAsset("g1", "tag:new-in-config")));

    assertEquals(List.of("tag:ci", "tag:new-in-config"), writes().get(0).tags());
  }

  @Test
  void onlyRequestedKindsAreReadAndWritten() {
    api.addDevice("n1", "tagged-devices", List.of("tag:ci", "tag:deploy"));
    api.putAttribute("n1", "custom:tailgrant_ssh", true, null);

    sync.syncDevice(request("n1", POSTURE, false));

    assertEquals(List.of("getAttributes n1", "deleteAttribute n1"), api.calls);
    assertEquals(
        List.of("tag:ci", "tag:deploy"),
        api.tags("n1"),
        "tags untouched when only posture is synced");
  }

  @Test
  void emptyKindsTouchNothing() {
    api.addDevice("n1", "tagged-devices", List.of("tag:deploy"));

    sync.syncDevice(request("n1", Set.of(), false, tagAsset("g1", "tag:db-admin")));

    assertEquals(List.of(), api.calls);
  }

  @Test
  void userOwnedDeviceWithTagsAssetIsRefusedWithoutWriting() {
    api.addDevice("n1", "bob@example.com", List.of());

    ApplicationFailure f =
        assertThrows(
            ApplicationFailure.class,
            () -> sync.syncDevice(request("n1", TAGS, false, tagAsset("g1", "tag:deploy"))));

    assertTrue(f.isNonRetryable());
    assertEquals(DeviceSyncActivities.NON_RETRYABLE, f.getType());
    assertTrue(f.getOriginalMessage().contains("user-owned"), f.getOriginalMessage());
    assertEquals(List.of(), writes());
  }

  @Test
  void userOwnedDeviceWithTagsAssetIsNonRetryableThroughTemporal() {
    api.addDevice("n1", "bob@example.com", List.of());

    ApplicationFailure f = failureOf(request("n1", TAGS, false, tagAsset("g1", "tag:deploy")));

    assertTrue(f.isNonRetryable());
    assertEquals(DeviceSyncActivities.NON_RETRYABLE, f.getType());
    assertTrue(f.getOriginalMessage().contains("user-owned"), f.getOriginalMessage());
    assertEquals(List.of(), writes());
  }

  @Test
  void userOwnedDeviceWithNothingHeldIsLeftAlone() {
    api.addDevice("n1", "bob@example.com", List.of());

    sync.syncDevice(request("n1", TAGS, true));

    assertEquals(List.of(), writes());
  }

  // ---------------------------------------------------------------- posture

  @Test
  void postureAttributeIsSetWithTheAssetsEndAsExpiry() {
    api.addDevice("n1", "bob@example.com", List.of());

    sync.syncDevice(
        request("n1", POSTURE, false, postureAsset("g1", "custom:tailgrant_ssh", true, END)));

    assertEquals(1, writes().size());
    FakeTailscaleApi.Write w = writes().get(0);
    assertEquals("setAttribute", w.op());
    assertEquals("custom:tailgrant_ssh", w.key());
    assertEquals(true, w.value());
    assertEquals(END, w.expiry());
    assertTrue(w.comment().contains("g1"), w.comment());
  }

  @Test
  void postureAttributeHeldByNoAssetIsDeleted() {
    api.addDevice("n1", "bob@example.com", List.of());
    api.putAttribute("n1", "custom:tailgrant_db", "granted", "2026-03-01T11:00:00Z");
    api.putAttribute("n1", "custom:tailgrant_ssh", true, END.toString());

    sync.syncDevice(
        request("n1", POSTURE, true, postureAsset("g1", "custom:tailgrant_ssh", true, END)));

    assertEquals(1, writes().size());
    assertEquals("deleteAttribute", writes().get(0).op());
    assertEquals("custom:tailgrant_db", writes().get(0).key());
    assertFalse(api.attributes("n1").containsKey("custom:tailgrant_db"));
    assertEquals(true, api.attributes("n1").get("custom:tailgrant_ssh"));
  }

  @Test
  void postureAttributeEqualInValueAndExpiryIsLeftAlone() {
    api.addDevice("n1", "bob@example.com", List.of());
    // As read back from JSON: an Integer, and the expiry in RFC3339 with an offset and sub-second
    // part.
    api.putAttribute("n1", "custom:tailgrant_ssh", 87, "2026-03-01T13:00:00.400+01:00");

    sync.syncDevice(
        request("n1", POSTURE, false, postureAsset("g1", "custom:tailgrant_ssh", 87L, END)));

    assertEquals(List.of(), writes());
    assertEquals(List.of("getAttributes n1"), api.calls);
  }

  @Test
  void postureAttributeWithOtherExpiryIsRewritten() {
    api.addDevice("n1", "bob@example.com", List.of());
    api.putAttribute("n1", "custom:tailgrant_ssh", true, "2026-03-01T11:00:00Z");

    Instant later = END.plus(Duration.ofHours(1));
    sync.syncDevice(
        request("n1", POSTURE, false, postureAsset("g1", "custom:tailgrant_ssh", true, later)));

    assertEquals(1, writes().size());
    assertEquals(later, writes().get(0).expiry());
  }

  @Test
  void postureAttributeWithoutExpiryIsRewrittenWithOne() {
    api.addDevice("n1", "bob@example.com", List.of());
    api.putAttribute("n1", "custom:tailgrant_ssh", true, null);

    sync.syncDevice(
        request("n1", POSTURE, false, postureAsset("g1", "custom:tailgrant_ssh", true, END)));

    assertEquals(1, writes().size());
    assertEquals(END, writes().get(0).expiry());
  }

  @Test
  void postureAttributeWithOtherValueIsRewritten() {
    api.addDevice("n1", "bob@example.com", List.of());
    api.putAttribute("n1", "custom:tailgrant_db", "viewer", END.toString());

    sync.syncDevice(
        request("n1", POSTURE, false, postureAsset("g1", "custom:tailgrant_db", "admin", END)));

    assertEquals(1, writes().size());
    assertEquals("admin", writes().get(0).value());
  }

  @Test
  void keyHeldByTwoGrantsLastsUntilTheLaterEnd() {
    api.addDevice("n1", "bob@example.com", List.of());
    Instant later = END.plus(Duration.ofHours(2));

    sync.syncDevice(
        request(
            "n1",
            POSTURE,
            false,
            postureAsset("g-late", "custom:tailgrant_ssh", true, later),
            postureAsset("g-early", "custom:tailgrant_ssh", true, END)));

    assertEquals(1, writes().size());
    assertEquals(later, writes().get(0).expiry());
    assertTrue(writes().get(0).comment().contains("g-late"));
  }

  @Test
  void unmanagedAndNodeAttributesAreNeverTouched() {
    api.addDevice("n1", "bob@example.com", List.of());
    api.putAttribute("n1", "custom:someone_elses", true, null);
    api.putAttribute("n1", "node:os", "linux", null);

    sync.syncDevice(request("n1", POSTURE, true));

    assertEquals(List.of(), writes());
  }

  @Test
  void heldKeyOutsideManagedSetIsStillSet() {
    api.addDevice("n1", "bob@example.com", List.of());

    sync.syncDevice(
        request("n1", POSTURE, false, postureAsset("g1", "custom:new_in_config", "on", END)));

    assertEquals("custom:new_in_config", writes().get(0).key());
  }

  @Test
  void bothKindsInOneRequest() {
    api.addDevice("n1", "tagged-devices", List.of("tag:ci"));

    sync.syncDevice(
        request(
            "n1",
            EnumSet.allOf(GrantKind.class),
            false,
            tagAsset("g1", "tag:deploy"),
            postureAsset("g2", "custom:tailgrant_db", "granted", END)));

    assertEquals(
        List.of("getDevice n1", "setTags n1", "getAttributes n1", "setAttribute n1"), api.calls);
  }

  // ---------------------------------------------------------------- failures

  @ParameterizedTest
  @ValueSource(ints = {400, 403, 404})
  void addingRefusalEndsAttemptsWithTheApiMessage(int status) {
    api.addDevice("n1", "tagged-devices", List.of("tag:ci"));
    api.failNext("setTags", status, "requested tags [tag:deploy] are invalid or not permitted");

    ApplicationFailure f = failureOf(request("n1", TAGS, false, tagAsset("g1", "tag:deploy")));

    assertTrue(f.isNonRetryable());
    assertEquals(DeviceSyncActivities.NON_RETRYABLE, f.getType());
    assertTrue(
        f.getOriginalMessage().contains("requested tags [tag:deploy] are invalid or not permitted"),
        f.getOriginalMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 401, 500, 503})
  void addingTransientFailureIsRetryable(int status) {
    api.addDevice("n1", "bob@example.com", List.of());
    api.failNext("setAttribute", status, "try later");

    ApplicationFailure f =
        failureOf(
            request("n1", POSTURE, false, postureAsset("g1", "custom:tailgrant_ssh", true, END)));

    assertFalse(f.isNonRetryable());
    assertEquals("TailscaleApiError", f.getType());
    assertTrue(f.getOriginalMessage().contains("try later"), f.getOriginalMessage());
    assertNull(f.getNextRetryDelay());
  }

  @Test
  void rateLimitPassesRetryAfterOnAsTheNextDelay() {
    api.addDevice("n1", "tagged-devices", List.of("tag:ci"));
    api.failNext(
        "getDevice",
        new TailscaleApiException(
            429, "GET /api/v2/device/n1: rate limited (429)", Duration.ofSeconds(7)));

    ApplicationFailure f = failureOf(request("n1", TAGS, false, tagAsset("g1", "tag:deploy")));

    assertFalse(f.isNonRetryable());
    assertEquals(Duration.ofSeconds(7), f.getNextRetryDelay());
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 403, 404})
  void removingNeverEndsAttemptsEvenOnRefusal(int status) {
    api.addDevice("n1", "tagged-devices", List.of("tag:ci", "tag:deploy"));
    api.failNext(
        "setTags",
        status,
        "calling actor does not have enough permissions to perform this function");

    ApplicationFailure f = failureOf(request("n1", TAGS, true));

    assertFalse(f.isNonRetryable(), "a removal must be retried until it lands");
    assertEquals("TailscaleApiError", f.getType());
    assertTrue(f.getOriginalMessage().contains("enough permissions"), f.getOriginalMessage());
  }

  /**
   * A device deleted from the tailnet (or whose user was deleted) took what it held with it: the
   * removal is done, where a retry could never succeed.
   */
  @Test
  void removingFromADeviceThatIsGoneIsDone() {
    sync.syncDevice(request("gone", EnumSet.allOf(GrantKind.class), true));

    assertEquals(List.of("getDevice gone"), api.calls);
    assertEquals(List.of(), writes());
  }

  @Test
  void addingToADeviceThatIsGoneIsRefused() {
    ApplicationFailure f =
        failureOf(
            request("gone", POSTURE, false, postureAsset("g1", "custom:tailgrant_ssh", true, END)));

    assertTrue(f.isNonRetryable());
    assertTrue(f.getOriginalMessage().contains("404"), f.getOriginalMessage());
  }

  @Test
  void removingPostureNeverEndsAttemptsOn403() {
    api.addDevice("n1", "bob@example.com", List.of());
    api.putAttribute("n1", "custom:tailgrant_ssh", true, null);
    api.failNext(
        "deleteAttribute",
        403,
        "calling actor does not have enough permissions to perform this function");

    ApplicationFailure f = failureOf(request("n1", POSTURE, true));

    assertFalse(f.isNonRetryable());
  }

  @Test
  void removingPassesRetryAfterOn() {
    api.addDevice("n1", "bob@example.com", List.of());
    api.failNext(
        "getAttributes",
        new TailscaleApiException(429, "rate limited (429)", Duration.ofSeconds(7)));

    ApplicationFailure f = failureOf(request("n1", POSTURE, true));

    assertFalse(f.isNonRetryable());
    assertEquals(Duration.ofSeconds(7), f.getNextRetryDelay());
  }

  @Test
  void addingThatWouldLeaveNoTagsIsRefused() {
    api.addDevice("n1", "tagged-devices", List.of("tag:deploy"));

    ApplicationFailure f =
        assertThrows(ApplicationFailure.class, () -> sync.syncDevice(request("n1", TAGS, false)));

    assertTrue(f.isNonRetryable());
    assertTrue(f.getOriginalMessage().contains("no tags"), f.getOriginalMessage());
    assertEquals(List.of(), writes());
  }

  /**
   * TailGrant's own guards (not API refusals) end attempts even when removing: retrying cannot give
   * a tagged device another tag. DeviceTagManagerWorkflowImpl.removing() catches this and raises an
   * alert.
   */
  @Test
  void removingThatWouldLeaveNoTagsIsRefusedByTheGuardWithoutWriting() {
    api.addDevice("n1", "tagged-devices", List.of("tag:deploy"));

    ApplicationFailure f = failureOf(request("n1", TAGS, true));

    assertTrue(f.isNonRetryable());
    assertEquals(DeviceSyncActivities.NON_RETRYABLE, f.getType());
    assertTrue(f.getOriginalMessage().contains("no tags"), f.getOriginalMessage());
    assertEquals(List.of(), writes());
    assertEquals(List.of("tag:deploy"), api.tags("n1"));
  }

  @Test
  void removingOnUserOwnedDeviceWithHeldTagsIsRefusedByTheGuardWithoutWriting() {
    api.addDevice("n1", "bob@example.com", List.of());

    ApplicationFailure f = failureOf(request("n1", TAGS, true, tagAsset("g2", "tag:deploy")));

    assertTrue(f.isNonRetryable());
    assertTrue(f.getOriginalMessage().contains("user-owned"), f.getOriginalMessage());
    assertEquals(List.of(), writes());
  }
}
