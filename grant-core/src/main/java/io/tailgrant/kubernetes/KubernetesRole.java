package io.tailgrant.kubernetes;

/**
 * What a kubernetes grant binds its ServiceAccount to: the ClusterRole {@code clusterRole},
 * cluster-wide (ClusterRoleBinding) or, when {@code namespace} is set, in that namespace only
 * (RoleBinding).
 */
public record KubernetesRole(String clusterRole, String namespace) {}
