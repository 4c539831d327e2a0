package io.tailgrant.config;

import java.nio.file.Path;

/**
 * Which certificate authority the kubeconfigs issued for a cluster trust for its API URL: the one
 * the worker trusts ({@link Source#CLUSTER}, the default), the PEM certificates of {@code file}
 * ({@code data}: their base64, as {@code certificate-authority-data} takes it), or none ({@link
 * Source#PUBLIC}: the URL serves a publicly trusted certificate, e.g. the Tailscale operator's API
 * server proxy, and clients use their system's roots).
 */
public record KubeconfigCa(Source source, Path file, String data) {

  /** Where the CA comes from. */
  public enum Source {
    CLUSTER,
    FILE,
    PUBLIC
  }

  /** The CA the worker's own client trusts (today's behaviour). */
  public static final KubeconfigCa CLUSTER = new KubeconfigCa(Source.CLUSTER, null, null);

  /** No CA in the kubeconfig: the server's certificate is publicly trusted. */
  public static final KubeconfigCa PUBLIC = new KubeconfigCa(Source.PUBLIC, null, null);

  /** The certificates read from {@code file}, base64 of its PEM text in {@code data}. */
  public static KubeconfigCa file(Path file, String data) {
    return new KubeconfigCa(Source.FILE, file, data);
  }

  @Override
  public String toString() {
    return source == Source.FILE ? "file:" + file : source.name().toLowerCase();
  }
}
