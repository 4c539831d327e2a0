package io.tailgrant.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Where Temporal is and how to reach it: {@code target} is host:port; {@code tls} (may be null)
 * turns TLS or mTLS on; {@code apiKey} (may be null) authenticates to Temporal Cloud; {@code
 * encryptionKeyFile} (may be null) names the payload encryption key, and {@code decryptionKeyFiles}
 * the keys it replaced, which still open what they sealed.
 */
public record TemporalConfig(
    String target,
    String namespace,
    String taskQueue,
    TemporalTls tls,
    SecretRef apiKey,
    Path encryptionKeyFile,
    List<Path> decryptionKeyFiles) {

  /** The Temporal namespace when the config names none. */
  public static final String DEFAULT_NAMESPACE = "default";

  /** The task queue server and worker share when the config names none. */
  public static final String DEFAULT_TASK_QUEUE = "tailgrant";

  public TemporalConfig {
    decryptionKeyFiles = decryptionKeyFiles == null ? List.of() : List.copyOf(decryptionKeyFiles);
  }

  public TemporalConfig(String target, String namespace, String taskQueue) {
    this(target, namespace, taskQueue, null, null, null, List.of());
  }

  public TemporalConfig(
      String target,
      String namespace,
      String taskQueue,
      TemporalTls tls,
      SecretRef apiKey,
      Path encryptionKeyFile) {
    this(target, namespace, taskQueue, tls, apiKey, encryptionKeyFile, List.of());
  }

  public TemporalConfig withEncryptionKeyFile(Path file) {
    return new TemporalConfig(target, namespace, taskQueue, tls, apiKey, file, decryptionKeyFiles);
  }
}
