package io.tailgrant.grant;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * TKA's rules for reading an app capability: every entry is {@code {role, period, priority}}; the
 * highest priority wins; none is 403; an unreadable entry, or two entries of equal priority (which
 * would make the choice arbitrary), is 400.
 */
public final class CapabilityRules {
  private CapabilityRules() {}

  /**
   * The rule that applies to a caller whose CapMap is {@code capMap}, or the refusal TKA would
   * give.
   */
  public static CapabilityRule resolve(String capability, Map<String, List<JsonNode>> capMap) {
    List<JsonNode> entries = capMap.getOrDefault(capability, List.of());
    if (entries.isEmpty()) {
      throw new Refusal(
          Refusal.Kind.FORBIDDEN,
          "no_capability",
          "you have no "
              + capability
              + " capability: the tailnet policy grants you no Kubernetes role");
    }
    List<CapabilityRule> rules = new ArrayList<>();
    for (JsonNode e : entries) {
      rules.add(parse(capability, e));
    }
    rules.sort(Comparator.comparingInt(CapabilityRule::priority).reversed());
    for (int i = 0; i + 1 < rules.size(); i++) {
      if (rules.get(i).priority() == rules.get(i + 1).priority()) {
        throw Refusal.badRequest(
            "capability_conflict",
            "Multiple capability rules with the same priority found ("
                + rules.get(i).role()
                + " and "
                + rules.get(i + 1).role()
                + " at priority "
                + rules.get(i).priority()
                + "): give each "
                + capability
                + " grant in the policy file its own priority");
      }
    }
    return rules.get(0);
  }

  private static CapabilityRule parse(String capability, JsonNode e) {
    JsonNode role = e.get("role");
    JsonNode period = e.get("period");
    JsonNode priority = e.get("priority");
    if (!e.isObject() || role == null || !role.isTextual() || role.asText().isBlank()) {
      throw invalid(capability, "an entry has no role");
    }
    if (period == null || !period.isTextual() || Durations.parse(period.asText()).isEmpty()) {
      throw invalid(
          capability, "role " + role.asText() + " has no valid period (such as 1h or 30m)");
    }
    if (priority != null && !priority.canConvertToInt()) {
      throw invalid(
          capability, "role " + role.asText() + " has a priority that is not a whole number");
    }
    return new CapabilityRule(
        role.asText(),
        Durations.parse(period.asText()).orElseThrow(),
        priority == null ? 0 : priority.asInt());
  }

  private static Refusal invalid(String capability, String why) {
    return Refusal.badRequest(
        "capability_invalid", "the " + capability + " capability is invalid: " + why);
  }
}
