package io.tailgrant.config;

import java.nio.file.Path;
import java.util.List;

/** Reads the {@code temporal} section: where Temporal is, how to reach it, the payload keys. */
final class TemporalSection {
  private static final String DEFAULT_TARGET = "127.0.0.1:7233";

  private TemporalSection() {}

  static TemporalConfig read(ConfigNode n) {
    if (n == null) {
      return new TemporalConfig(
          DEFAULT_TARGET, TemporalConfig.DEFAULT_NAMESPACE, TemporalConfig.DEFAULT_TASK_QUEUE);
    }
    String target = n.string("target", DEFAULT_TARGET, false);
    n.hostPort("target", target, null);
    String namespace = n.string("namespace", TemporalConfig.DEFAULT_NAMESPACE, false);
    String taskQueue = n.string("taskQueue", TemporalConfig.DEFAULT_TASK_QUEUE, false);
    TemporalTls tls = tls(n.object("tls", false));
    SecretRef apiKey = apiKey(n);
    Path encryptionKey = n.optionalPath("encryptionKeyFile");
    List<Path> olderKeys = n.strings("decryptionKeyFiles", false).stream().map(n::resolve).toList();
    if (!olderKeys.isEmpty() && encryptionKey == null) {
      n.problem(
          "decryptionKeyFiles", "only with encryptionKeyFile (the key that seals new payloads)");
    }
    n.finish(null);
    return new TemporalConfig(target, namespace, taskQueue, tls, apiKey, encryptionKey, olderKeys);
  }

  private static TemporalTls tls(ConfigNode t) {
    if (t == null) {
      return null;
    }
    Path ca = t.optionalPath("caFile");
    Path cert = t.optionalPath("certFile");
    Path key = t.optionalPath("keyFile");
    if ((cert == null) != (key == null)) {
      t.problem(cert == null ? "certFile" : "keyFile", "mTLS needs both certFile and keyFile");
    }
    TemporalTls tls = new TemporalTls(ca, cert, key, t.string("serverName", null, false));
    t.finish(null);
    return tls;
  }

  private static SecretRef apiKey(ConfigNode n) {
    if (n.has("apiKey")) {
      n.problem(
          "apiKey",
          "secrets are never written inline: name a file (apiKeyFile) or an environment variable (apiKeyEnv)");
    }
    String apiKeyFile = n.string("apiKeyFile", null, false);
    String apiKeyEnv = n.string("apiKeyEnv", null, false);
    if (apiKeyFile != null && apiKeyEnv != null) {
      n.problem("apiKeyFile", "give at most one of apiKeyFile or apiKeyEnv");
      return null;
    }
    if (apiKeyFile == null && apiKeyEnv == null) {
      return null;
    }
    return new SecretRef(apiKeyFile == null ? null : n.resolve(apiKeyFile).toString(), apiKeyEnv);
  }
}
