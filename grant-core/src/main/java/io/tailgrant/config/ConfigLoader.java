package io.tailgrant.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.Policy;
import io.tailgrant.grant.PostureAttribute;
import io.tailgrant.grant.PostureRules;
import io.tailgrant.grant.Risk;
import io.tailgrant.grant.TargetRule;
import io.tailgrant.kubernetes.KubernetesRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the YAML config, reporting every problem at once with file, key path and
 * reason.
 */
public final class ConfigLoader {
  private static final Pattern TAG = Pattern.compile("^tag:[A-Za-z][A-Za-z0-9-]*$");
  private static final Pattern GROUP = Pattern.compile("^group:[A-Za-z0-9][A-Za-z0-9._-]*$");

  private ConfigLoader() {}

  public static TailGrantConfig load(Path file) {
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new InvalidConfigException(List.of(name + ": cannot be read: " + e.getMessage()));
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(
          List.of(
              name
                  + ": line "
                  + e.getLocation().getLineNr()
                  + ": not valid YAML: "
                  + e.getOriginalMessage()));
    }
    List<String> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw new InvalidConfigException(List.of(name + ": the top level must be a mapping"));
    }
    TailGrantConfig config = read(file, new ConfigNode(root, "", file, problems));
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return config;
  }

  private static TailGrantConfig read(Path file, ConfigNode root) {
    TemporalConfig temporal = TemporalSection.read(root.object("temporal", false));
    TailscaleConfig tailscale = TailscaleSection.read(root.object("tailscale", true));
    ServerConfig server = ServerSection.read(root.object("server", false));
    Map<String, List<String>> groups = groups(root);
    KubernetesConfig kubernetes = KubernetesSection.read(root.object("kubernetes", false));
    String operationsListen = OperationsSection.read(root.object("operations", false));
    List<String> admins = root.strings("admins", false);
    checkPrincipals(root, "admins", admins, groups, false);
    List<GrantTypeConfig> types = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Map<String, String> postureTypes = new HashMap<>();
    List<ConfigNode> typeNodes = root.objects("grantTypes");
    if (!root.has("grantTypes")) {
      root.problem("grantTypes", "is required (at least one grant type)");
    }
    for (ConfigNode t : typeNodes) {
      GrantTypeConfig type = grantType(t, groups, kubernetes);
      if (type == null) {
        continue;
      }
      if (!names.add(type.name())) {
        t.problem("name", "'" + type.name() + "' is used by another grant type");
      }
      if (type.posture() != null) {
        String kind = PostureRules.typeOf(type.posture().value());
        // Tailscale treats keys that differ only in case as one key.
        String previous = postureTypes.putIfAbsent(type.posture().key().toLowerCase(), kind);
        if (previous != null && !previous.equals(kind)) {
          t.problem(
              "posture.value",
              "Tailscale fixes one value type per key: "
                  + type.posture().key()
                  + " is a "
                  + previous
                  + " in another grant type, "
                  + kind
                  + " here");
        }
      }
      types.add(type);
    }
    checkGrantedTagsAreNeverRequired(root, types);
    checkTkaGrantType(root, kubernetes, types);
    Duration interval = ReconcileSection.read(root.object("reconcile", false));
    Path auditFile = AuditSection.read(root.object("audit", false));
    LimitsConfig limits = LimitsSection.read(root.object("limits", false));
    root.finish(
        "allowed: temporal, tailscale, server, kubernetes, operations, groups, admins, grantTypes,"
            + " reconcile, audit, limits");
    return new TailGrantConfig(
        file,
        temporal,
        tailscale,
        server,
        groups,
        admins,
        types,
        interval,
        auditFile,
        kubernetes,
        operationsListen,
        limits);
  }

  /**
   * Removing a granted tag must never strip a tag some type requires its targets to carry for good.
   */
  private static void checkGrantedTagsAreNeverRequired(
      ConfigNode root, List<GrantTypeConfig> types) {
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
   * The TKA endpoints sign in with one kubernetes type that takes its role from an app capability.
   */
  private static void checkTkaGrantType(
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

  private static Map<String, List<String>> groups(ConfigNode root) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    ConfigNode g = root.object("groups", false);
    if (g == null) {
      return groups;
    }
    for (var it = g.keys(); it.hasNext(); ) {
      String key = it.next();
      if (!GROUP.matcher(key).matches()) {
        g.problem(key, "group names look like group:sre");
      }
      List<String> members = g.strings(key, true);
      for (String m : members) {
        if (!m.contains("@")) {
          g.problem(key, "'" + m + "' is not a login (groups hold logins such as bob@example.com)");
        }
      }
      groups.put(key, members);
    }
    return groups;
  }

  private static void checkPrincipals(
      ConfigNode n,
      String key,
      List<String> principals,
      Map<String, List<String>> groups,
      boolean allowAny) {
    for (String p : principals) {
      if (p.startsWith("group:")) {
        if (!groups.containsKey(p)) {
          n.problem(key, "'" + p + "' is not defined under groups");
        }
      } else if (p.equals(io.tailgrant.grant.Policy.ANY_MEMBER)) {
        if (!allowAny) {
          n.problem(key, "'" + p + "' is not allowed here");
        }
      } else if (!p.contains("@")) {
        n.problem(
            key,
            "'"
                + p
                + "' must be a login (user@example.com), a group:name"
                + (allowAny ? " or autogroup:member" : ""));
      }
    }
  }

  private static GrantTypeConfig grantType(
      ConfigNode t, Map<String, List<String>> groups, KubernetesConfig k8s) {
    String name = t.string("name", null, true);
    if (name != null) {
      t.name("name", name);
    }
    String description = t.string("description", "", true);
    GrantKind kind = t.enumValue("kind", GrantKind.class);
    Risk risk = t.enumValue("risk", Risk.class);
    List<String> tags = t.strings("tags", kind == GrantKind.TAGS);
    PostureAttribute posture = null;
    ConfigNode p = t.object("posture", kind == GrantKind.POSTURE);
    if (p != null) {
      posture = posture(p);
    }
    if (kind == GrantKind.POSTURE && !tags.isEmpty()) {
      t.problem("tags", "a posture grant sets a posture attribute, not tags");
    }
    if (kind == GrantKind.TAGS && p != null) {
      t.problem("posture", "a tags grant adds tags, not a posture attribute");
    }
    for (String tag : tags) {
      if (!TAG.matcher(tag).matches()) {
        t.problem("tags", "'" + tag + "' is not a tag (tag:name, letters, digits and '-')");
      }
    }
    TargetRule target = target(t, kind);
    KubernetesRole role = null;
    String capability = null;
    if (kind == GrantKind.KUBERNETES) {
      List<String> clusters = t.strings("clusters", true);
      for (String c : clusters) {
        if (k8s.cluster(c).isEmpty()) {
          t.problem("clusters", "'" + c + "' is not one of kubernetes.clusters");
        }
      }
      target = TargetRule.cluster(clusters);
      capability = t.string("capability", null, false);
      if (capability != null && !capability.matches("^[A-Za-z0-9.-]+/\\S+$")) {
        t.problem(
            "capability",
            "'" + capability + "' must be an app capability name such as example.com/cap/tka");
      }
      String clusterRole = t.string("role", null, capability == null);
      String namespace = t.string("namespace", null, false);
      if (namespace != null) {
        t.kubernetesNamespace("namespace", namespace);
      }
      role =
          clusterRole == null && namespace == null
              ? null
              : new KubernetesRole(clusterRole, namespace);
      if (t.has("tags") || t.has("posture") || t.has("target")) {
        t.problem(
            "kind",
            "a kubernetes grant takes clusters, role, namespace and capability, not tags, posture or target");
      }
    }
    Duration min = t.duration("minDuration", Duration.ofMinutes(5), false);
    Duration max = t.duration("maxDuration", null, true);
    if (max != null && min.compareTo(max) > 0) {
      t.problem("minDuration", "is longer than maxDuration");
    }
    Duration dflt = t.duration("defaultDuration", null, false);
    if (dflt == null && max != null) {
      dflt = max.compareTo(Duration.ofHours(1)) < 0 ? max : Duration.ofHours(1);
      dflt = dflt.compareTo(min) < 0 ? min : dflt;
    } else if (dflt != null
        && max != null
        && (dflt.compareTo(min) < 0 || dflt.compareTo(max) > 0)) {
      t.problem("defaultDuration", "must lie between minDuration and maxDuration");
    }
    // A capability type's real gate is the requester's app capability; requesters may narrow it.
    List<String> requesters = t.strings("requesters", capability == null);
    if (requesters.isEmpty() && capability != null) {
      requesters = List.of(Policy.ANY_MEMBER);
    }
    checkPrincipals(t, "requesters", requesters, groups, true);
    List<String> approvers = t.strings("approvers", risk != null && risk.needsApproval());
    checkPrincipals(t, "approvers", approvers, groups, false);
    int approvalsRequired = t.integer("approvalsRequired", 1, 1, 10);
    long approverCount =
        approvers.stream()
            .flatMap(
                a ->
                    a.startsWith("group:")
                        ? groups.getOrDefault(a, List.of()).stream()
                        : java.util.stream.Stream.of(a))
            .distinct()
            .count();
    if (risk != null
        && risk.needsApproval()
        && !approvers.isEmpty()
        && approverCount < approvalsRequired) {
      t.problem(
          "approvalsRequired",
          approvalsRequired
              + " approvals needed but only "
              + approverCount
              + " approver(s) listed");
    }
    Duration approvalTimeout = t.duration("approvalTimeout", Duration.ofHours(24), false);
    boolean reasonRequired = t.bool("reasonRequired", true);
    t.finish(null);
    if (name == null || kind == null || risk == null || max == null) {
      return null;
    }
    return new GrantTypeConfig(
        name,
        description,
        kind,
        tags,
        posture,
        target,
        min,
        max,
        dflt,
        risk,
        requesters,
        approvers,
        approvalsRequired,
        approvalTimeout,
        reasonRequired,
        role,
        capability);
  }

  private static PostureAttribute posture(ConfigNode p) {
    String key = p.string("key", null, true);
    if (key != null) {
      PostureRules.checkKey(key).ifPresent(r -> p.problem("key", "'" + key + "': " + r));
    }
    JsonNode raw = p.raw("value");
    Object value = null;
    if (raw == null) {
      p.problem("value", "is required (a string, integer or boolean)");
    } else {
      value =
          raw.isBoolean()
              ? (Object) raw.booleanValue()
              : raw.isIntegralNumber() && raw.canConvertToLong()
                  ? (Object) raw.longValue()
                  : raw.isIntegralNumber()
                      ? raw.bigIntegerValue()
                      : raw.isTextual() ? raw.textValue() : raw;
      final Object v = value;
      PostureRules.checkValue(v).ifPresent(r -> p.problem("value", "'" + raw.asText() + "': " + r));
    }
    p.finish(null);
    return key == null || value == null ? null : new PostureAttribute(key, value);
  }

  private static TargetRule target(ConfigNode t, GrantKind kind) {
    ConfigNode n = t.object("target", false);
    if (n == null) {
      if (kind == GrantKind.TAGS) {
        t.problem(
            "target",
            "is required for tags grants (rule: tagged, with the tags a target must carry)");
      }
      return TargetRule.ownDevice();
    }
    TargetRule.Kind rule = n.enumValue("rule", TargetRule.Kind.class);
    if (rule == TargetRule.Kind.CLUSTER && kind != GrantKind.KUBERNETES) {
      n.problem(
          "rule", "'cluster' is for kubernetes grants (which list clusters instead of a target)");
      rule = null;
    }
    List<String> tags = n.strings("tags", rule == TargetRule.Kind.TAGGED);
    n.finish(null);
    if (rule == TargetRule.Kind.OWN_DEVICE && !tags.isEmpty()) {
      n.problem("tags", "only the 'tagged' rule takes tags");
    }
    if (kind == GrantKind.TAGS && rule == TargetRule.Kind.OWN_DEVICE) {
      n.problem(
          "rule",
          "tags grants cannot target a person's own device: "
              + Policy.TAGS_CONVERT_USER_DEVICES
              + "; use a posture grant instead");
    }
    for (String tag : tags) {
      if (!TAG.matcher(tag).matches()) {
        n.problem("tags", "'" + tag + "' is not a tag");
      }
    }
    return rule == null
        ? TargetRule.ownDevice()
        : rule == TargetRule.Kind.TAGGED ? TargetRule.tagged(tags) : TargetRule.ownDevice();
  }
}
