package io.tailgrant.web;

import java.time.Instant;

/**
 * A kubeconfig opened for its requester, on its way out of one response; never logged or stored.
 */
record KubeconfigFile(String yaml, Instant tokenExpiresAt) {

  @Override
  public String toString() {
    return "KubeconfigFile[token expires " + tokenExpiresAt + "]";
  }
}
