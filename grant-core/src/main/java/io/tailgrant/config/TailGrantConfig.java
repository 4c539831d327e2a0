package io.tailgrant.config;

import io.tailgrant.grant.BreakGlass;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.GrantSpec;
import io.tailgrant.grant.Policy;
import io.tailgrant.grant.QuorumStage;
import io.tailgrant.notify.NotifyPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole validated configuration, read once at start-up by server and worker alike. {@code
 * auditFile} may be null (audit events then go to the log only); {@code operationsListen}
 * (host:port of /metrics, /healthz and /readyz) may be null (no operations listener); {@code
 * limits} bound what one requester can make TailGrant spend; {@code hooks} are the webhooks the
 * server receives (none unless configured); {@code notifications} are the channels and reminders
 * (never null: {@link NotificationsConfig#NONE} when absent); {@code liveGrantTypes} says whether
 * admins manage grant types at run time (off unless configured).
 */
public record TailGrantConfig(
    Path source,
    TemporalConfig temporal,
    TailscaleConfig tailscale,
    ServerConfig server,
    Map<String, List<String>> groups,
    List<String> admins,
    List<GrantTypeConfig> grantTypes,
    Duration reconcileInterval,
    Path auditFile,
    KubernetesConfig kubernetes,
    String operationsListen,
    LimitsConfig limits,
    HooksConfig hooks,
    NotificationsConfig notifications,
    LiveGrantTypesConfig liveGrantTypes) {

  public TailGrantConfig {
    limits = limits == null ? LimitsConfig.DEFAULTS : limits;
    hooks = hooks == null ? HooksConfig.NONE : hooks;
    notifications = notifications == null ? NotificationsConfig.NONE : notifications;
    liveGrantTypes = liveGrantTypes == null ? LiveGrantTypesConfig.DEFAULTS : liveGrantTypes;
  }

  /** This config with {@code types} in force instead of its own (the live catalogue's). */
  public TailGrantConfig withGrantTypes(List<GrantTypeConfig> types) {
    return new TailGrantConfig(
        source,
        temporal,
        tailscale,
        server,
        groups,
        admins,
        List.copyOf(types),
        reconcileInterval,
        auditFile,
        kubernetes,
        operationsListen,
        limits,
        hooks,
        notifications,
        liveGrantTypes);
  }

  /** A config that receives no webhooks, sends no notifications and edits no grant type live. */
  public TailGrantConfig(
      Path source,
      TemporalConfig temporal,
      TailscaleConfig tailscale,
      ServerConfig server,
      Map<String, List<String>> groups,
      List<String> admins,
      List<GrantTypeConfig> grantTypes,
      Duration reconcileInterval,
      Path auditFile,
      KubernetesConfig kubernetes,
      String operationsListen,
      LimitsConfig limits) {
    this(
        source,
        temporal,
        tailscale,
        server,
        groups,
        admins,
        grantTypes,
        reconcileInterval,
        auditFile,
        kubernetes,
        operationsListen,
        limits,
        HooksConfig.NONE,
        null,
        null);
  }

  /** The grant types whose role and period come from the requester's app capability. */
  public Set<String> capabilityGrantTypes() {
    Set<String> names = new LinkedHashSet<>();
    grantTypes.stream().filter(t -> t.capability() != null).forEach(t -> names.add(t.name()));
    return names;
  }

  /** The grant type the TKA-compatible endpoints sign in with, if any. */
  public Optional<GrantTypeConfig> tkaGrantType() {
    return kubernetes.tkaGrantType() == null
        ? Optional.empty()
        : grantType(kubernetes.tkaGrantType());
  }

  public Optional<GrantTypeConfig> grantType(String name) {
    return grantTypes.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  public boolean isAdmin(String login) {
    return adminLogins().contains(login);
  }

  /** Every admin's login, groups expanded. */
  public Set<String> adminLogins() {
    return expand(admins);
  }

  /** The snapshot a grant carries for its whole life, with every group expanded to logins. */
  public GrantSpec spec(GrantTypeConfig type) {
    return new GrantSpec(
        type.name(),
        type.description(),
        type.kind(),
        type.tags(),
        type.posture(),
        type.target(),
        type.risk(),
        type.minDuration(),
        type.maxDuration(),
        expand(type.requesters()),
        expand(type.approvers()),
        type.approvalsRequired(),
        type.approvalTimeout(),
        adminLogins(),
        type.reasonRequired(),
        type.kubernetes(),
        notifyPlan(type),
        type.userRole(),
        type.authKey(),
        type.justification(),
        server.capability(),
        type.approvalStages().stream()
            .map(s -> new QuorumStage(s.name(), expand(s.approvers()), s.required()))
            .toList(),
        type.catalogVersion(),
        type.breakGlass() == null
            ? null
            : new BreakGlass(
                expand(type.breakGlass().requesters()),
                expand(type.breakGlass().reviewers()),
                type.breakGlass().reviewWithin()),
        type.schedulingMaxLead());
  }

  /**
   * Whom a grant of {@code type} tells what, and when: its own channels (or the default ones) and
   * the admins' channels; null when neither has any, so such grants schedule nothing at all.
   */
  public NotifyPlan notifyPlan(GrantTypeConfig type) {
    NotificationsConfig n = notifications;
    NotifyPlan plan =
        new NotifyPlan(
            type.notifyChannels() != null ? type.notifyChannels() : n.defaults(),
            n.admins(),
            n.approvalReminderBefore(),
            n.expiryReminderBefore(),
            expand(n.escalateTo()),
            n.removalAlertAfter());
    return plan.sendsNothing() ? null : plan;
  }

  /** Every tag any grant type may add: the tags TailGrant manages on devices. */
  public Set<String> managedTags() {
    Set<String> tags = new LinkedHashSet<>();
    grantTypes.stream().filter(t -> t.kind() == GrantKind.TAGS).forEach(t -> tags.addAll(t.tags()));
    return tags;
  }

  /** Whether any grant type changes users' tailnet roles (the OAuth client needs {@code users}). */
  public boolean usesUserRoles() {
    return grantTypes.stream().anyMatch(t -> t.kind() == GrantKind.USER_ROLE);
  }

  /**
   * Every tag an auth-key grant type's keys carry (the OAuth client needs {@code auth_keys} and
   * must own them).
   */
  public Set<String> authKeyTags() {
    Set<String> tags = new LinkedHashSet<>();
    grantTypes.stream()
        .filter(t -> t.kind() == GrantKind.AUTH_KEY)
        .forEach(t -> tags.addAll(t.tags()));
    return tags;
  }

  /** Every posture attribute key any grant type may set. */
  public Set<String> managedAttributeKeys() {
    Set<String> keys = new LinkedHashSet<>();
    grantTypes.stream().filter(t -> t.posture() != null).forEach(t -> keys.add(t.posture().key()));
    return keys;
  }

  private Set<String> expand(List<String> principals) {
    Set<String> logins = new LinkedHashSet<>();
    for (String p : principals) {
      if (p.startsWith("group:")) {
        logins.addAll(groups.getOrDefault(p, List.of()));
      } else {
        logins.add(p);
      }
    }
    return logins;
  }

  static boolean isPrincipal(String p) {
    return p.equals(Policy.ANY_MEMBER) || p.startsWith("group:") || p.contains("@");
  }
}
