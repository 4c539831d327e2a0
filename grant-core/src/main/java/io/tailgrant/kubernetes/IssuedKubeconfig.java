package io.tailgrant.kubernetes;

import java.time.Instant;

/**
 * A kubeconfig for one grant's ServiceAccount with a short-lived token; {@code tokenExpiresAt} is
 * when Kubernetes stops honouring the token. Carries a credential: only ever stored encrypted.
 */
public record IssuedKubeconfig(String yaml, Instant tokenExpiresAt) {

  @Override
  public String toString() {
    return "IssuedKubeconfig[token expires " + tokenExpiresAt + "]";
  }
}
