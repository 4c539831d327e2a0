package io.tailgrant.config;

import io.tailgrant.authkey.AuthKeySpec;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.TargetRule;
import io.tailgrant.kubernetes.KubernetesRole;
import java.util.Set;

/**
 * What a grant type hands out, whoever asks and however it is approved: its kind, the tags, posture
 * attribute, target rule, Kubernetes role or capability, tailnet role or auth key. A type managed
 * live must have the shape of a type in the config file: the file says what TailGrant may ever give
 * (and the worker checked its credentials for exactly that at start: tags it owns, the scopes it
 * needs, the attributes and tags its device managers remove); live editing decides who may ask, who
 * approves, for how long.
 */
record AccessShape(
    GrantKind kind,
    Set<String> tags,
    String posture,
    TargetRule target,
    KubernetesRole kubernetes,
    String capability,
    String userRole,
    AuthKeySpec authKey) {

  static AccessShape of(GrantTypeConfig t) {
    return new AccessShape(
        t.kind(),
        Set.copyOf(t.tags()),
        t.posture() == null ? null : t.posture().key() + "=" + t.posture().value(),
        t.target(),
        t.kubernetes(),
        t.capability(),
        t.userRole(),
        t.authKey());
  }
}
