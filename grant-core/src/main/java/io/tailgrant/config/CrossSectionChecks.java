package io.tailgrant.config;

import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.PostureAttribute;
import io.tailgrant.grant.PostureRules;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The checks that span sections or grant types, which no single section reader can make. */
final class CrossSectionChecks {
  private CrossSectionChecks() {}

  /**
   * Tailscale fixes one value type per posture key: {@code seen} maps each (lower-cased) key met so
   * far to its value type.
   */
  static void postureValueType(ConfigNode t, PostureAttribute posture, Map<String, String> seen) {
    if (posture == null) {
      return;
    }
    String kind = PostureRules.typeOf(posture.value());
    // Tailscale treats keys that differ only in case as one key.
    String previous = seen.putIfAbsent(posture.key().toLowerCase(), kind);
    if (previous != null && !previous.equals(kind)) {
      t.problem(
          "posture.value",
          "Tailscale fixes one value type per key: "
              + posture.key()
              + " is a "
              + previous
              + " in another grant type, "
              + kind
              + " here");
    }
  }

  /**
   * Removing a granted tag must never strip a tag some type requires its targets to carry for good.
   */
  static void grantedTagsAreNeverRequired(ConfigNode root, List<GrantTypeConfig> types) {
    Set<String> granted = new HashSet<>();
    types.stream().filter(t -> t.kind() == GrantKind.TAGS).forEach(t -> granted.addAll(t.tags()));
    for (int i = 0; i < types.size(); i++) {
      for (String tag : types.get(i).target().tags()) {
        if (granted.contains(tag)) {
          root.problem(
              "grantTypes[" + i + "].target.tags",
              "'"
                  + tag
                  + "' is granted by a tags grant type;"
                  + " a tag TailGrant adds and removes cannot also mark a device as an eligible target");
        }
      }
    }
  }

  /**
   * A device that joins with an auth key carries only the key's tags: if a tags grant type added
   * and removed one of them, reconciliation would try to strip a joined device's only tag.
   */
  static void authKeyTagsAreNotGranted(ConfigNode root, List<GrantTypeConfig> types) {
    Set<String> granted = new HashSet<>();
    types.stream().filter(t -> t.kind() == GrantKind.TAGS).forEach(t -> granted.addAll(t.tags()));
    for (int i = 0; i < types.size(); i++) {
      if (types.get(i).kind() != GrantKind.AUTH_KEY) {
        continue;
      }
      for (String tag : types.get(i).tags()) {
        if (granted.contains(tag)) {
          root.problem(
              "grantTypes[" + i + "].tags",
              "'"
                  + tag
                  + "' is granted by a tags grant type; an auth key's tags must not be tags"
                  + " TailGrant adds and removes");
        }
      }
    }
  }

  /**
   * The TKA endpoints sign in with one kubernetes type that takes its role from an app capability.
   */
  static void tkaGrantType(
      ConfigNode root, KubernetesConfig kubernetes, List<GrantTypeConfig> types) {
    String name = kubernetes.tkaGrantType();
    if (name == null) {
      return;
    }
    GrantTypeConfig type =
        types.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    if (type == null) {
      root.problem("kubernetes.tkaGrantType", "there is no grant type '" + name + "'");
    } else if (type.kind() != GrantKind.KUBERNETES || type.capability() == null) {
      root.problem(
          "kubernetes.tkaGrantType",
          "'" + name + "' must be a kubernetes grant type with a capability");
    }
  }

  /** A grant type's {@code notify} names channels defined under notifications.channels. */
  static void notifyChannels(
      ConfigNode root, List<GrantTypeConfig> types, NotificationsConfig notifications) {
    for (int i = 0; i < types.size(); i++) {
      List<String> notify = types.get(i).notifyChannels();
      if (notify == null) {
        continue;
      }
      for (String name : notify) {
        if (!notifications.channels().containsKey(name)) {
          root.problem(
              "grantTypes[" + i + "].notify",
              "'" + name + "' is not one of notifications.channels");
        }
      }
    }
  }

  /** A type's minimum reason length must fit in the longest reason anyone may send. */
  static void reasonLengths(ConfigNode root, List<GrantTypeConfig> types, LimitsConfig limits) {
    int max = limits.grant().maxTextLength();
    for (int i = 0; i < types.size(); i++) {
      var j = types.get(i).justification();
      if (j != null && j.minReasonLength() > max) {
        root.problem(
            "grantTypes[" + i + "].minReasonLength",
            j.minReasonLength()
                + " is longer than the longest reason anyone may send (limits.maxTextLength: "
                + max
                + ")");
      }
    }
  }

  /**
   * TailGrant's own roles capability is read in its own format: it must not be a kubernetes type's
   * TKA capability, whose values are roles and periods.
   */
  static void roleCapability(ConfigNode root, ServerConfig server, List<GrantTypeConfig> types) {
    if (server.capability() == null) {
      return;
    }
    for (int i = 0; i < types.size(); i++) {
      if (server.capability().equals(types.get(i).capability())) {
        root.problem(
            "server.capability",
            "'"
                + server.capability()
                + "' is grant type '"
                + types.get(i).name()
                + "''s TKA capability; give TailGrant's roles a capability of their own");
      }
    }
  }
}
