package io.tailgrant.kubernetes;

/**
 * Who asks grant {@code grantId} for a kubeconfig (only its requester may), and the one-time public
 * key ({@code recipientKey}, X25519, base64) the kubeconfig is sealed to on its way back.
 */
public record KubeconfigRequest(String actor, String grantId, String recipientKey) {}
