package io.tailgrant.config;

import java.nio.file.Path;

/**
 * Where Temporal is and how to reach it: {@code target} is host:port; {@code tls} (may be null)
 * turns TLS or mTLS on; {@code apiKey} (may be null) authenticates to Temporal Cloud;
 * {@code encryptionKeyFile} (may be null) names the payload encryption key.
 */
public record TemporalConfig(String target, String namespace, String taskQueue, TemporalTls tls, SecretRef apiKey,
    Path encryptionKeyFile) {

  public TemporalConfig(String target, String namespace, String taskQueue) {
    this(target, namespace, taskQueue, null, null, null);
  }

  public TemporalConfig withEncryptionKeyFile(Path file) {
    return new TemporalConfig(target, namespace, taskQueue, tls, apiKey, file);
  }
}
