package io.tailgrant.config;

import java.nio.file.Path;

/**
 * TLS to the Temporal frontend. No {@code caFile} trusts the JVM's CAs; {@code certFile} and {@code
 * keyFile} (PKCS#8 PEM) together make it mTLS; {@code serverName} overrides the name checked
 * against the server's certificate.
 */
public record TemporalTls(Path caFile, Path certFile, Path keyFile, String serverName) {}
