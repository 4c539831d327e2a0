package io.tailgrant.authkey;

/**
 * Who asks grant {@code grantId} for its auth key (only its requester may, once), and the one-time
 * public key ({@code recipientKey}, X25519, base64) the key is sealed to on its way back.
 */
public record AuthKeyRequest(String actor, String grantId, String recipientKey) {}
