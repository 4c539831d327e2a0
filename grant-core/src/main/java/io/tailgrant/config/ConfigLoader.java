package io.tailgrant.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates the YAML config, reporting every problem at once with file, key path and
 * reason: each section has its own reader; the checks that span sections are here.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static TailGrantConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new InvalidConfigException(List.of(file + ": cannot be read: " + e.getMessage()));
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(
          List.of(
              file
                  + ": line "
                  + e.getLocation().getLineNr()
                  + ": not valid YAML: "
                  + e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidConfigException(List.of(file + ": the top level must be a mapping"));
    }
    List<String> problems = new ArrayList<>();
    TailGrantConfig config = read(file, new ConfigNode(root, "", file, problems));
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return config;
  }

  // The order of reads is the order problems are reported in. LiveCatalog reads through here too.
  static TailGrantConfig read(Path file, ConfigNode root) {
    TemporalConfig temporal = TemporalSection.read(root.object("temporal", false));
    TailscaleConfig tailscale = TailscaleSection.read(root.object("tailscale", true));
    ServerConfig server = ServerSection.read(root.object("server", false));
    Map<String, List<String>> groups = PrincipalsSection.groups(root);
    KubernetesConfig kubernetes = KubernetesSection.read(root.object("kubernetes", false));
    String operationsListen = OperationsSection.read(root.object("operations", false));
    List<String> admins = PrincipalsSection.admins(root, groups);
    NotificationsConfig notifications =
        NotificationsSection.read(root.object("notifications", false), groups);
    List<GrantTypeConfig> types = grantTypes(root, groups, kubernetes);
    CrossSectionChecks.grantedTagsAreNeverRequired(root, types);
    CrossSectionChecks.authKeyTagsAreNotGranted(root, types);
    CrossSectionChecks.tkaGrantType(root, kubernetes, types);
    CrossSectionChecks.notifyChannels(root, types, notifications);
    Duration interval = ReconcileSection.read(root.object("reconcile", false));
    Path auditFile = AuditSection.read(root.object("audit", false));
    LimitsConfig limits = LimitsSection.read(root.object("limits", false));
    CrossSectionChecks.reasonLengths(root, types, limits);
    CrossSectionChecks.roleCapability(root, server, types);
    HooksConfig hooks = HooksSection.read(root.object("hooks", false));
    LiveGrantTypesConfig live = LiveGrantTypesSection.read(root.object("liveGrantTypes", false));
    root.finish(
        "allowed: temporal, tailscale, server, kubernetes, operations, groups, admins,"
            + " notifications, grantTypes, liveGrantTypes, reconcile, audit, limits, hooks");
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
        limits,
        hooks,
        notifications,
        live);
  }

  /** Every grant type: names unique, one posture value type per key (checked as each is read). */
  private static List<GrantTypeConfig> grantTypes(
      ConfigNode root, Map<String, List<String>> groups, KubernetesConfig kubernetes) {
    List<ConfigNode> nodes = root.objects("grantTypes");
    if (!root.has("grantTypes")) {
      root.problem("grantTypes", "is required (at least one grant type)");
    }
    List<GrantTypeConfig> types = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Map<String, String> postureTypes = new HashMap<>();
    for (ConfigNode t : nodes) {
      GrantTypeConfig type = GrantTypeSection.read(t, groups, kubernetes);
      if (type == null) {
        continue;
      }
      if (!names.add(type.name())) {
        t.problem("name", "'" + type.name() + "' is used by another grant type");
      }
      CrossSectionChecks.postureValueType(t, type.posture(), postureTypes);
      types.add(type);
    }
    return types;
  }
}
