package io.tailgrant.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.grant.Authority;
import io.tailgrant.grant.CapabilityRule;
import io.tailgrant.grant.CapabilityRules;
import io.tailgrant.grant.Durations;
import io.tailgrant.grant.GrantSpec;
import io.tailgrant.grant.Policy;
import io.tailgrant.grant.Principal;
import io.tailgrant.grant.Refusal;
import io.tailgrant.kubernetes.KubernetesRole;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The grant types of the config in force, as one person sees them: which they may request, the
 * snapshot a grant of a type carries (for a capability type, with the role and maximum their app
 * capability gives, by TKA's rules), and who holds the approver and admin roles now. Pure.
 */
public final class GrantCatalog {
  private final Supplier<TailGrantConfig> source;

  public GrantCatalog(TailGrantConfig config) {
    this(() -> config);
  }

  /**
   * The types of whatever config {@code source} says is in force at each call (the live catalogue's
   * when admins manage grant types at run time).
   */
  public GrantCatalog(Supplier<TailGrantConfig> source) {
    this.source = source;
  }

  /** The types {@code person} may request, as the request form and the API list them. */
  public List<GrantTypeInfo> typesFor(Principal person, Map<String, List<JsonNode>> capabilities) {
    TailGrantConfig config = source.get();
    return config.grantTypes().stream()
        .filter(
            t ->
                Policy.mayRequest(config.spec(t), person)
                    && (t.capability() == null || capabilities.containsKey(t.capability())))
        .map(t -> info(t, offeredSpec(t, capabilities)))
        .toList();
  }

  /** The type named {@code name}, if {@code person} may request it; refuses with the reason. */
  public GrantTypeConfig requestable(Principal person, String name) {
    TailGrantConfig config = source.get();
    GrantTypeConfig type =
        config
            .grantType(name)
            .orElseThrow(
                () ->
                    Refusal.badRequest(
                        "unknown_grant_type", "there is no grant type '" + name + "'"));
    Policy.checkMayRequest(config.spec(type), person);
    return type;
  }

  /**
   * The snapshot a grant of {@code type} carries: for a capability type, role and maximum come from
   * the requester's app capability (TKA's rules), refusing as TKA would.
   */
  public GrantSpec specFor(GrantTypeConfig type, Map<String, List<JsonNode>> capabilities) {
    TailGrantConfig config = source.get();
    GrantSpec spec = config.spec(type);
    if (type.capability() == null) {
      return spec;
    }
    CapabilityRule rule = CapabilityRules.resolve(type.capability(), capabilities);
    Duration max =
        rule.period().compareTo(spec.maxDuration()) < 0 ? rule.period() : spec.maxDuration();
    if (max.compareTo(spec.minDuration()) < 0) {
      throw Refusal.badRequest(
          "capability_invalid",
          "your "
              + type.capability()
              + " period "
              + Durations.format(rule.period())
              + " is shorter than '"
              + type.name()
              + "' allows ("
              + Durations.format(spec.minDuration())
              + " at least)");
    }
    String namespace = type.kubernetes() == null ? null : type.kubernetes().namespace();
    return spec.withCapability(new KubernetesRole(rule.role(), namespace), max);
  }

  /** The type's default duration, never past what this requester may have. */
  public static Duration defaultDuration(GrantTypeConfig type, GrantSpec spec) {
    return type.defaultDuration().compareTo(spec.maxDuration()) > 0
        ? spec.maxDuration()
        : type.defaultDuration();
  }

  /**
   * Who holds the approver and admin roles for grants of {@code grantType} by the config in force.
   */
  public Authority authority(String grantType) {
    TailGrantConfig config = source.get();
    Set<String> approvers =
        config.grantType(grantType).map(t -> config.spec(t).approvers()).orElse(Set.of());
    return new Authority(approvers, config.adminLogins());
  }

  public boolean isAdmin(String login) {
    TailGrantConfig config = source.get();
    return config.isAdmin(login);
  }

  /** The snapshot a grant of {@code type} carries, by the config in force. */
  public GrantSpec spec(GrantTypeConfig type) {
    return source.get().spec(type);
  }

  /** The types whose role and period come from an app capability, by the config in force. */
  public Set<String> capabilityGrantTypes() {
    return source.get().capabilityGrantTypes();
  }

  /** The grant type the TKA-compatible endpoints sign in with, if configured. */
  public Optional<GrantTypeConfig> tkaType() {
    TailGrantConfig config = source.get();
    return config.tkaGrantType();
  }

  /**
   * What the form should offer: for a capability type, the caller's own maximum when it resolves.
   */
  private GrantSpec offeredSpec(GrantTypeConfig type, Map<String, List<JsonNode>> capabilities) {
    TailGrantConfig config = source.get();
    try {
      return specFor(type, capabilities);
    } catch (Refusal r) {
      return config.spec(type); // requesting it will say why not
    }
  }

  private static GrantTypeInfo info(GrantTypeConfig t, GrantSpec spec) {
    return new GrantTypeInfo(
        t.name(),
        t.description(),
        t.kind(),
        t.risk(),
        t.target(),
        Durations.format(t.minDuration()),
        Durations.format(spec.maxDuration()),
        Durations.format(defaultDuration(t, spec)),
        t.risk().needsApproval() ? List.copyOf(spec.approvers()) : List.of(),
        t.reasonRequired(),
        spec.approvalStages());
  }
}
