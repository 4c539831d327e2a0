package io.tailgrant.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.Policy;
import io.tailgrant.grant.PostureAttribute;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link TagChange} on plain inputs: which tag list a device gets, or why it gets none. */
class TagChangeTest {
  private static final Set<String> MANAGED = Set.of("tag:deploy", "tag:db-admin");
  private static final Instant END = Instant.parse("2026-03-01T12:00:00Z");

  private static DeviceAsset tags(String grantId, String... tags) {
    return new DeviceAsset(grantId, GrantKind.TAGS, List.of(tags), null, END);
  }

  private static TagChange onTagged(List<String> current, DeviceAsset... held) {
    return TagChange.of(current, true, "ci-runner-1", List.of(held), MANAGED);
  }

  private static List<String> written(TagChange change) {
    return assertInstanceOf(TagChange.Write.class, change).tags();
  }

  private static String refusal(TagChange change) {
    return assertInstanceOf(TagChange.Refused.class, change).reason();
  }

  @Test
  void unmanagedTagsKeepTheirOrderAndHeldTagsFollow() {
    assertEquals(
        List.of("tag:ci", "tag:other", "tag:deploy"),
        written(
            onTagged(List.of("tag:ci", "tag:db-admin", "tag:other"), tags("g1", "tag:deploy"))));
  }

  @Test
  void tagsHeldByTwoGrantsAppearOnce() {
    assertEquals(
        List.of("tag:ci", "tag:deploy", "tag:db-admin"),
        written(
            onTagged(
                List.of("tag:ci"),
                tags("g1", "tag:deploy"),
                tags("g2", "tag:deploy", "tag:db-admin"))));
  }

  @Test
  void sameTagsInAnotherOrderIsNoChange() {
    assertInstanceOf(
        TagChange.None.class, onTagged(List.of("tag:deploy", "tag:ci"), tags("g1", "tag:deploy")));
  }

  @Test
  void nothingManagedPresentOrHeldIsNoChange() {
    assertInstanceOf(TagChange.None.class, onTagged(List.of("tag:ci", "tag:web")));
  }

  @Test
  void aHeldTagOutsideTheManagedSetIsAddedAndKept() {
    assertEquals(
        List.of("tag:ci", "tag:new-in-config"),
        written(onTagged(List.of("tag:ci"), tags("g1", "tag:new-in-config"))));
    assertInstanceOf(
        TagChange.None.class,
        onTagged(List.of("tag:ci", "tag:new-in-config"), tags("g1", "tag:new-in-config")));
  }

  @Test
  void onlyTagAssetsCount() {
    DeviceAsset posture =
        new DeviceAsset(
            "g1", GrantKind.POSTURE, List.of(), new PostureAttribute("custom:x", true), END);
    assertEquals(List.of("tag:ci"), written(onTagged(List.of("tag:ci", "tag:deploy"), posture)));
  }

  @Test
  void tagsNeverGoOnAUserOwnedDevice() {
    String reason =
        refusal(
            TagChange.of(
                List.of(), false, "alice-laptop", List.of(tags("g1", "tag:deploy")), MANAGED));
    assertEquals(
        Policy.tagsRefusedOn("alice-laptop", false).orElseThrow() + ", so TailGrant never does",
        reason);
    assertTrue(reason.contains("user-owned"), reason);
  }

  @Test
  void aUserOwnedDeviceWithNothingHeldIsNoChange() {
    assertInstanceOf(
        TagChange.None.class, TagChange.of(List.of(), false, "alice-laptop", List.of(), MANAGED));
  }

  @Test
  void aTaggedDeviceMustKeepOneTag() {
    String reason = refusal(onTagged(List.of("tag:deploy")));
    assertTrue(reason.startsWith("ci-runner-1 would be left with no tags"), reason);
  }
}
