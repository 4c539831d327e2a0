package io.tailgrant.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.authkey.AuthKeySpec;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.Justification;
import io.tailgrant.grant.Policy;
import io.tailgrant.grant.PostureAttribute;
import io.tailgrant.grant.PostureRules;
import io.tailgrant.grant.Risk;
import io.tailgrant.grant.TargetRule;
import io.tailgrant.kubernetes.KubernetesRole;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads one entry of {@code grantTypes}, with its posture attribute and target rule. */
final class GrantTypeSection {
  private static final Pattern TAG = Pattern.compile("^tag:[A-Za-z][A-Za-z0-9-]*$");

  private GrantTypeSection() {}

  /** The grant type, or null when it lacks a name, kind, risk or maxDuration. */
  static GrantTypeConfig read(
      ConfigNode t, Map<String, List<String>> groups, KubernetesConfig k8s) {
    String name = t.string("name", null, true);
    if (name != null) {
      t.name("name", name);
    }
    String description = t.string("description", "", true);
    GrantKind kind = t.enumValue("kind", GrantKind.class);
    Risk risk = t.enumValue("risk", Risk.class);
    List<String> tags = t.strings("tags", kind == GrantKind.TAGS || kind == GrantKind.AUTH_KEY);
    ConfigNode p = t.object("posture", kind == GrantKind.POSTURE);
    PostureAttribute posture = p == null ? null : posture(p);
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
    TargetRule target = target(t, kind, tags);
    String userRole =
        kind == GrantKind.USER_ROLE ? TailnetKindsSection.userRole(t, tags, p != null) : null;
    AuthKeySpec authKey =
        kind == GrantKind.AUTH_KEY ? TailnetKindsSection.authKey(t, p != null) : null;
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
    if (kind == GrantKind.AUTH_KEY) {
      TailnetKindsSection.authKeyLifetime(t, max);
    }
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
    PrincipalsSection.check(t, "requesters", requesters, groups, true);
    List<ApprovalStageConfig> stages = ApprovalStagesSection.read(t, groups, risk);
    List<String> approvers = ApprovalStagesSection.approvers(stages);
    int approvalsRequired = ApprovalStagesSection.required(stages);
    if (stages.isEmpty()) {
      approvers = t.strings("approvers", risk != null && risk.needsApproval());
      PrincipalsSection.check(t, "approvers", approvers, groups, false);
      approvalsRequired = t.integer("approvalsRequired", 1, 1, 10);
      long approverCount = PrincipalsSection.people(approvers, groups);
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
    }
    Duration approvalTimeout = t.duration("approvalTimeout", Duration.ofHours(24), false);
    boolean reasonRequired = t.bool("reasonRequired", true);
    Justification justification = JustificationSection.read(t, reasonRequired);
    BreakGlassConfig breakGlass = BreakGlassSection.read(t, groups, approvers, max);
    // Absent: the default channels; an empty list: none. Checked against the channels later.
    List<String> notify = t.has("notify") ? t.strings("notify", false) : null;
    Duration schedulingMaxLead = SchedulingSection.read(t);
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
        capability,
        notify,
        userRole,
        authKey,
        justification,
        stages,
        0,
        breakGlass,
        schedulingMaxLead);
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
      value = postureValue(raw);
      PostureRules.checkValue(value)
          .ifPresent(r -> p.problem("value", "'" + raw.asText() + "': " + r));
    }
    p.finish(null);
    return key == null || value == null ? null : new PostureAttribute(key, value);
  }

  /** A YAML scalar as the posture value Tailscale stores: boolean, whole number or string. */
  private static Object postureValue(JsonNode raw) {
    if (raw.isBoolean()) {
      return raw.booleanValue();
    }
    if (raw.isIntegralNumber()) {
      return raw.canConvertToLong() ? (Object) raw.longValue() : raw.bigIntegerValue();
    }
    return raw.isTextual() ? raw.textValue() : raw;
  }

  private static TargetRule target(ConfigNode t, GrantKind kind, List<String> keyTags) {
    ConfigNode n = t.object("target", false);
    if (kind == GrantKind.USER_ROLE || kind == GrantKind.AUTH_KEY) {
      if (n != null) {
        t.problem(
            "target",
            kind == GrantKind.USER_ROLE
                ? "a user-role grant always changes its requester's own role; it takes no target"
                : "an auth-key grant's target is the device that joins with its key; it takes no"
                    + " target");
      }
      return kind == GrantKind.USER_ROLE ? TargetRule.requester() : TargetRule.newDevice(keyTags);
    }
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
    if (rule == TargetRule.Kind.REQUESTER || rule == TargetRule.Kind.NEW_DEVICE) {
      n.problem(
          "rule",
          "'"
              + rule.wire()
              + "' follows from the user-role and auth-key kinds; use own-device or"
              + " tagged");
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
    return rule == TargetRule.Kind.TAGGED ? TargetRule.tagged(tags) : TargetRule.ownDevice();
  }
}
