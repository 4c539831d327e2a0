package io.tailgrant.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.grant.Authority;
import io.tailgrant.grant.BreakGlass;
import io.tailgrant.grant.BreakGlassRules;
import io.tailgrant.grant.CapabilityRoles;
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
 * capability gives, by TKA's rules), and who holds the approver and admin roles now. A person's
 * {@link CapabilityRoles} (what the tailnet policy gives them through {@code server.capability})
 * add to the YAML roles, and count for nothing when no capability is configured. Each public method
 * reads the config in force once, at its start, and answers from that one config. Pure.
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
    return typesFor(person, capabilities, CapabilityRoles.NONE);
  }

  /** As above, with the roles the tailnet policy's capability gives {@code person}. */
  public List<GrantTypeInfo> typesFor(
      Principal person, Map<String, List<JsonNode>> capabilities, CapabilityRoles roles) {
    TailGrantConfig config = source.get();
    return config.grantTypes().stream()
        .filter(
            t ->
                Policy.mayRequest(config.spec(t), person, counted(config, roles))
                    && (t.capability() == null || capabilities.containsKey(t.capability())))
        .map(t -> info(t, offeredSpec(config, t, capabilities), person))
        .toList();
  }

  /** The type named {@code name}, if {@code person} may request it; refuses with the reason. */
  public GrantTypeConfig requestable(Principal person, String name) {
    return requestable(person, name, CapabilityRoles.NONE);
  }

  /** As above, with the roles the tailnet policy's capability gives {@code person}. */
  public GrantTypeConfig requestable(Principal person, String name, CapabilityRoles roles) {
    TailGrantConfig config = source.get();
    GrantTypeConfig type =
        config
            .grantType(name)
            .orElseThrow(
                () ->
                    Refusal.badRequest(
                        "unknown_grant_type", "there is no grant type '" + name + "'"));
    Policy.checkMayRequest(config.spec(type), person, counted(config, roles));
    return type;
  }

  /**
   * The snapshot a grant of {@code type} carries: for a capability type, role and maximum come from
   * the requester's app capability (TKA's rules), refusing as TKA would.
   */
  public GrantSpec specFor(GrantTypeConfig type, Map<String, List<JsonNode>> capabilities) {
    TailGrantConfig config = source.get();
    return specFor(config, type, capabilities);
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
    return authority(config, grantType);
  }

  /**
   * Who holds the approver and admin roles for grants of {@code grantType} now: the YAML config's,
   * and {@code person} as far as the tailnet policy's capability ({@code roles}) says.
   */
  public Authority authority(String grantType, String person, CapabilityRoles roles) {
    TailGrantConfig config = source.get();
    return authority(config, grantType).withCapability(person, counted(config, roles), grantType);
  }

  /**
   * Who reviews break-glass grants of {@code grantType} by the config in force (empty: no such
   * type, or no break-glass on it now).
   */
  public Set<String> breakGlassReviewers(String grantType) {
    TailGrantConfig config = source.get();
    return config
        .grantType(grantType)
        .map(t -> config.spec(t).breakGlass())
        .map(BreakGlass::reviewers)
        .orElse(Set.of());
  }

  /** The shortest grant of {@code grantType} by the config in force (null: no such type now). */
  public Duration minDuration(String grantType) {
    TailGrantConfig config = source.get();
    return config.grantType(grantType).map(GrantTypeConfig::minDuration).orElse(null);
  }

  public boolean isAdmin(String login) {
    TailGrantConfig config = source.get();
    return config.isAdmin(login);
  }

  /** An admin by the YAML config, or by the tailnet policy's capability ({@code roles}). */
  public boolean isAdmin(String login, CapabilityRoles roles) {
    TailGrantConfig config = source.get();
    return config.isAdmin(login) || counted(config, roles).admin();
  }

  /**
   * What the capability gives for one grant of {@code grantType}: what a request about it carries
   * to the workflow (null when it gives nothing).
   */
  public CapabilityRoles claim(CapabilityRoles roles, String grantType) {
    TailGrantConfig config = source.get();
    CapabilityRoles forType = counted(config, roles).forType(grantType);
    return forType.none() ? null : forType;
  }

  /** The snapshot a grant of {@code type} carries, by the config in force. */
  public GrantSpec spec(GrantTypeConfig type) {
    TailGrantConfig config = source.get();
    return config.spec(type);
  }

  /** The types whose role and period come from an app capability, by the config in force. */
  public Set<String> capabilityGrantTypes() {
    TailGrantConfig config = source.get();
    return config.capabilityGrantTypes();
  }

  /** The grant type the TKA-compatible endpoints sign in with, if configured. */
  public Optional<GrantTypeConfig> tkaType() {
    TailGrantConfig config = source.get();
    return config.tkaGrantType();
  }

  private static GrantSpec specFor(
      TailGrantConfig config, GrantTypeConfig type, Map<String, List<JsonNode>> capabilities) {
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

  private static Authority authority(TailGrantConfig config, String grantType) {
    Set<String> approvers =
        config.grantType(grantType).map(t -> config.spec(t).approvers()).orElse(Set.of());
    return new Authority(approvers, config.adminLogins(), null, null);
  }

  /** Capability roles count only while a capability is configured. */
  private static CapabilityRoles counted(TailGrantConfig config, CapabilityRoles roles) {
    return config.server().capability() == null || roles == null ? CapabilityRoles.NONE : roles;
  }

  /**
   * What the form should offer: for a capability type, the caller's own maximum when it resolves.
   */
  private static GrantSpec offeredSpec(
      TailGrantConfig config, GrantTypeConfig type, Map<String, List<JsonNode>> capabilities) {
    try {
      return specFor(config, type, capabilities);
    } catch (Refusal r) {
      return config.spec(type); // requesting it will say why not
    }
  }

  private static GrantTypeInfo info(GrantTypeConfig t, GrantSpec spec, Principal person) {
    boolean breakGlass = BreakGlassRules.mayBreakGlass(spec, person);
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
        t.justification() == null ? 0 : t.justification().minReasonLength(),
        GrantTypeInfo.Ticket.of(t.justification()),
        spec.approvalStages(),
        breakGlass,
        breakGlass ? BreakGlassRules.window(spec) : null,
        GrantTypeInfo.Scheduling.of(t.schedulingMaxLead()));
  }
}
