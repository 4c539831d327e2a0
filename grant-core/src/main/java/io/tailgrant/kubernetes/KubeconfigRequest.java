package io.tailgrant.kubernetes;

/** Who asks a grant for a kubeconfig (only its requester may). */
public record KubeconfigRequest(String actor) {}
