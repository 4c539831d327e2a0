package io.tailgrant.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.function.Consumer;

/** Reads a file of PEM certificates for the config, so a bad one is a config problem at load. */
final class PemCertificates {
  /** More is not a CA bundle but a mistake (and the kubeconfig carries it to every user). */
  static final int MAX_BYTES = 1 << 20;

  private PemCertificates() {}

  /**
   * Base64 of the file's bytes when it holds only X.509 certificates in PEM; otherwise null, and
   * the reason goes to {@code problem}.
   */
  static String base64(Path file, Consumer<String> problem) {
    byte[] pem;
    try {
      if (Files.size(file) > MAX_BYTES) {
        problem.accept("'" + file + "' is larger than 1 MiB: not a CA certificate file");
        return null;
      }
      pem = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      problem.accept("'" + file + "' does not exist");
      return null;
    } catch (IOException e) {
      problem.accept("cannot read '" + file + "': " + e.getMessage());
      return null;
    }
    String text = new String(pem, StandardCharsets.US_ASCII);
    if (!text.contains("-----BEGIN CERTIFICATE-----")) {
      problem.accept("'" + file + "' holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
      return null;
    }
    if (text.contains("PRIVATE KEY-----")) {
      problem.accept("'" + file + "' holds a private key: give the CA certificate only");
      return null;
    }
    try {
      if (CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem))
          .isEmpty()) {
        problem.accept("'" + file + "' holds no certificate");
        return null;
      }
    } catch (CertificateException e) {
      problem.accept("'" + file + "' is not a valid PEM certificate: " + e.getMessage());
      return null;
    }
    return Base64.getEncoder().encodeToString(pem);
  }
}
