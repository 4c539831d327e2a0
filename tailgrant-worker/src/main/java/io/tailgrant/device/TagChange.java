package io.tailgrant.device;

import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.Policy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What a tag sync does to one device: nothing, a new tag list, or a refusal and its reason. */
sealed interface TagChange {

  /** The device already carries exactly what its grants hold. */
  record None() implements TagChange {}

  /** The device's whole new tag list: its unmanaged tags in their order, then the held ones. */
  record Write(List<String> tags) implements TagChange {
    public Write {
      tags = List.copyOf(tags);
    }
  }

  /** A write TailGrant never makes; {@code reason} is the failure's message. */
  record Refused(String reason) implements TagChange {}

  /**
   * The change that leaves {@code current} minus every managed tag, plus the tags of the {@code
   * held} tag assets. Tags held but outside {@code managed} count as managed: config may have
   * dropped them while a grant still holds them.
   */
  static TagChange of(
      List<String> current,
      boolean tagged,
      String deviceName,
      List<DeviceAsset> held,
      Set<String> managed) {
    Set<String> heldTags = new LinkedHashSet<>();
    held.stream().filter(a -> a.kind() == GrantKind.TAGS).forEach(a -> heldTags.addAll(a.tags()));
    if (!heldTags.isEmpty()) {
      Optional<String> refused = Policy.tagsRefusedOn(deviceName, tagged);
      if (refused.isPresent()) {
        return new Refused(refused.get() + ", so TailGrant never does");
      }
    }
    Set<String> desired = new LinkedHashSet<>(current);
    desired.removeAll(managed);
    desired.removeAll(heldTags);
    desired.addAll(heldTags);
    if (desired.equals(new LinkedHashSet<>(current))) {
      return new None();
    }
    if (desired.isEmpty()) {
      // Tailscale refuses an empty list for a tagged device, and retrying cannot change that.
      return new Refused(
          deviceName
              + " would be left with no tags; a tagged device"
              + " must keep at least one, so its TailGrant tags stay until an admin re-tags it");
    }
    return new Write(List.copyOf(desired));
  }
}
