package io.tailgrant.config;

/** Reads the {@code operations} section: where metrics and health checks listen, if anywhere. */
final class OperationsSection {
  private OperationsSection() {}

  /** The host:port to listen on, or null for no operations endpoint. */
  static String read(ConfigNode n) {
    if (n == null) {
      return null;
    }
    String listen = n.string("listen", null, true);
    if (listen != null) {
      n.hostPort("listen", listen, null);
    }
    n.finish(null);
    return listen;
  }
}
