package io.tailgrant.reconcile;

import io.tailgrant.directory.GrantSummary;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.GrantStatus;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the directory's grants say each device should carry, and whether a device has drifted. */
final class DesiredState {
  private static final Set<GrantStatus> HOLDING =
      Set.of(GrantStatus.ACTIVATING, GrantStatus.ACTIVE);

  private final Set<String> tags;
  private final Set<String> keys;
  private final Map<String, Set<String>> wantedTags;
  private final Map<String, Set<String>> wantedKeys;
  private final Set<String> attributeReads;

  private DesiredState(
      Set<String> tags,
      Set<String> keys,
      Map<String, Set<String>> wantedTags,
      Map<String, Set<String>> wantedKeys,
      Set<String> attributeReads) {
    this.tags = tags;
    this.keys = keys;
    this.wantedTags = wantedTags;
    this.wantedKeys = wantedKeys;
    this.attributeReads = attributeReads;
  }

  /**
   * Tags and keys count as TailGrant's when configured or named by any listed tags or posture
   * grant, ended ones too, so a leftover of a grant whose type has left the config is still noticed
   * (an auth key's tags are the joined device's own, never TailGrant's to remove).
   */
  static DesiredState of(
      List<GrantSummary> grants, Set<String> managedTags, Set<String> managedKeys) {
    Set<String> tags = new HashSet<>(managedTags);
    Set<String> keys = new HashSet<>(managedKeys);
    Map<String, Set<String>> wantedTags = new HashMap<>();
    Map<String, Set<String>> wantedKeys = new HashMap<>();
    Set<String> attributeReads = new HashSet<>();
    for (GrantSummary g : grants) {
      if (g.kind() == GrantKind.TAGS) {
        tags.addAll(g.tags());
      }
      if (g.attributeKey() != null) {
        keys.add(g.attributeKey());
        attributeReads.add(g.targetNodeId()); // open or recently ended: worth one read
      }
      if (HOLDING.contains(g.status())) {
        if (g.kind() == GrantKind.TAGS) {
          wantedTags.computeIfAbsent(g.targetNodeId(), k -> new HashSet<>()).addAll(g.tags());
        } else if (g.attributeKey() != null) {
          wantedKeys.computeIfAbsent(g.targetNodeId(), k -> new HashSet<>()).add(g.attributeKey());
        }
      }
    }
    return new DesiredState(tags, keys, wantedTags, wantedKeys, attributeReads);
  }

  /** Whether the device's attributes are worth a read: a grant with an attribute targets it. */
  boolean readsAttributes(String nodeId) {
    return attributeReads.contains(nodeId);
  }

  /** Whether TailGrant's tags among {@code deviceTags} differ from what holding grants want. */
  boolean tagsDrift(String nodeId, Collection<String> deviceTags) {
    return !ours(deviceTags, tags).equals(wantedTags.getOrDefault(nodeId, Set.of()));
  }

  /** Whether TailGrant's keys among {@code presentKeys} differ from what holding grants want. */
  boolean keysDrift(String nodeId, Collection<String> presentKeys) {
    return !ours(presentKeys, keys).equals(wantedKeys.getOrDefault(nodeId, Set.of()));
  }

  private static Set<String> ours(Collection<String> present, Set<String> managed) {
    Set<String> ours = new HashSet<>(present);
    ours.retainAll(managed);
    return ours;
  }
}
