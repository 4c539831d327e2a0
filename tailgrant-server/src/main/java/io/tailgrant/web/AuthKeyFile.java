package io.tailgrant.web;

import java.time.Instant;

/** An auth key opened for its requester, on its way out of one response; never logged or stored. */
record AuthKeyFile(String key, Instant expiresAt) {

  @Override
  public String toString() {
    return "AuthKeyFile[expires " + expiresAt + "]";
  }
}
