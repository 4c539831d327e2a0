package io.tailgrant.authkey;

import io.tailgrant.secrets.SealedSecret;
import java.time.Instant;

/**
 * A grant's auth key, sealed to the asking server's one-time key (history and the codec endpoint
 * see only ciphertext). {@code keyId} names the key in the API and is no secret; {@code expiresAt}
 * is when Tailscale stops accepting it (never after the grant's end).
 */
public record IssuedAuthKey(SealedSecret key, String keyId, Instant expiresAt) {}
