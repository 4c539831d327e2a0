package io.tailgrant.kubernetes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.tailgrant.secrets.SealedSecret;
import java.time.Instant;

/**
 * A kubeconfig for one grant's ServiceAccount with a short-lived token, sealed to the requesting
 * server's one-time key (history and the codec endpoint see only ciphertext); {@code
 * tokenExpiresAt} is when Kubernetes stops honouring the token. Histories recorded before sealing
 * carried a {@code yaml} field, which replay ignores.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IssuedKubeconfig(SealedSecret kubeconfig, Instant tokenExpiresAt) {}
