package io.tailgrant.kubernetes;

import java.time.Instant;

/**
 * One grant's access in a cluster: its ServiceAccount bound to {@code role} until {@code endsAt}.
 */
public record KubernetesAccess(
    String grantId, String cluster, KubernetesRole role, String requester, Instant endsAt) {}
