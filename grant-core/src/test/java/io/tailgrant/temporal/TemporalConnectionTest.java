package io.tailgrant.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Metadata;
import io.tailgrant.config.SecretRef;
import io.tailgrant.config.TemporalConfig;
import io.tailgrant.config.TemporalTls;
import io.tailgrant.grant.RevokeRequest;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.GrpcMetadataProvider;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporalConnectionTest {
  private static final TemporalConfig PLAIN =
      new TemporalConfig("127.0.0.1:7233", "default", "tailgrant");
  private static final RevokeRequest VALUE =
      new RevokeRequest("alice@example.com", "rotate the db password", "g-abcdefgh", null);

  @TempDir Path dir;

  private static TemporalConfig with(TemporalTls tls, SecretRef apiKey) {
    return new TemporalConfig(
        "temporal.example.com:7233", "default", "tailgrant", tls, apiKey, null);
  }

  private static String encoding(Payload p) {
    return p.getMetadataOrThrow("encoding").toStringUtf8();
  }

  // ---------------------------------------------------------------- data converter

  @Test
  void withoutAKeyFilePayloadsArePlainJson() {
    DataConverter converter = TemporalConnection.dataConverter(PLAIN);
    assertSame(DefaultDataConverter.STANDARD_INSTANCE, converter);
    Payload p = converter.toPayload(VALUE).orElseThrow();
    assertEquals("json/plain", encoding(p));
    assertTrue(p.getData().toStringUtf8().contains("rotate the db password"));
    assertEquals(VALUE, converter.fromPayload(p, RevokeRequest.class, RevokeRequest.class));
  }

  @Test
  void withAKeyFilePayloadsAreEncryptedAndRoundTrip() throws Exception {
    Path key = dir.resolve("payload.key");
    PayloadEncryption.generate(key);
    DataConverter converter = TemporalConnection.dataConverter(PLAIN.withEncryptionKeyFile(key));

    Optional<Payloads> payloads = converter.toPayloads(VALUE);
    Payload sealed = payloads.orElseThrow().getPayloads(0);
    assertEquals(PayloadEncryption.ENCODING, encoding(sealed));
    assertEquals(
        PayloadEncryption.fromFile(key).keyId(),
        sealed.getMetadataOrThrow(PayloadEncryption.KEY_ID).toStringUtf8());
    String raw = new String(sealed.getData().toByteArray(), StandardCharsets.ISO_8859_1);
    assertFalse(raw.contains("rotate"), "the reason is not readable in the payload");
    assertFalse(raw.contains("alice@example.com"), "nor the identity");
    assertEquals(
        VALUE, converter.fromPayloads(0, payloads, RevokeRequest.class, RevokeRequest.class));

    // Another process with the same key file reads it; one without the key cannot.
    DataConverter sameKey = TemporalConnection.dataConverter(PLAIN.withEncryptionKeyFile(key));
    assertEquals(
        VALUE, sameKey.fromPayloads(0, payloads, RevokeRequest.class, RevokeRequest.class));
    assertThrows(
        DataConverterException.class,
        () ->
            TemporalConnection.dataConverter(PLAIN)
                .fromPayloads(0, payloads, RevokeRequest.class, RevokeRequest.class));
  }

  /** A plain payload is what someone with Temporal access and no key would send: never read. */
  @Test
  void anEncryptingConverterRefusesPlainPayloads() throws Exception {
    Path key = dir.resolve("payload.key");
    PayloadEncryption.generate(key);
    Optional<Payloads> plain = DefaultDataConverter.STANDARD_INSTANCE.toPayloads(VALUE);
    DataConverter converter = TemporalConnection.dataConverter(PLAIN.withEncryptionKeyFile(key));
    assertThrows(
        RuntimeException.class,
        () -> converter.fromPayloads(0, plain, RevokeRequest.class, RevokeRequest.class));
  }

  @Test
  void aMissingKeyFileFailsClearly() {
    Path missing = dir.resolve("nope.key");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> TemporalConnection.dataConverter(PLAIN.withEncryptionKeyFile(missing)));
    assertTrue(
        e.getMessage().contains("cannot read encryption key file " + missing), e.getMessage());
  }

  @Test
  void clientOptionsCarryTheNamespaceAndTheConverter() throws Exception {
    Path key = dir.resolve("payload.key");
    PayloadEncryption.generate(key);
    var options =
        TemporalConnection.clientOptions(
            new TemporalConfig("127.0.0.1:7233", "tailgrant-ns", "tq").withEncryptionKeyFile(key));
    assertEquals("tailgrant-ns", options.getNamespace());
    Payload p = options.getDataConverter().toPayload("x").orElseThrow();
    assertEquals(PayloadEncryption.ENCODING, encoding(p));
  }

  // ---------------------------------------------------------------- service stubs

  @Test
  void plainConnectionHasNoTlsAndNoApiKey() {
    WorkflowServiceStubsOptions options = TemporalConnection.stubsOptions(PLAIN);
    assertEquals("127.0.0.1:7233", options.getTarget());
    assertNull(options.getSslContext());
    assertFalse(options.getEnableHttps());
    assertTrue(
        options.getGrpcMetadataProviders() == null || options.getGrpcMetadataProviders().isEmpty());
  }

  @Test
  void apiKeyFromAMissingEnvironmentVariableFailsClearly() {
    String variable = "TAILGRANT_TEST_UNSET_" + UUID.randomUUID().toString().replace('-', '_');
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> TemporalConnection.stubsOptions(with(null, new SecretRef(null, variable))));
    assertEquals("environment variable " + variable + " is not set", e.getMessage());
  }

  @Test
  void apiKeyFromAMissingFileFailsClearly() {
    Path missing = dir.resolve("temporal-api.key");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                TemporalConnection.stubsOptions(
                    with(null, new SecretRef(missing.toString(), null))));
    assertTrue(e.getMessage().contains("cannot read secret file " + missing), e.getMessage());
  }

  @Test
  void apiKeyFromAFileIsSentAsABearerTokenOverTls() throws Exception {
    Path file = Files.writeString(dir.resolve("temporal-api.key"), "tmprl-test-api-key\n");
    WorkflowServiceStubsOptions options =
        TemporalConnection.stubsOptions(with(null, new SecretRef(file.toString(), null)));
    assertTrue(options.getEnableHttps(), "an API key turns TLS on even without a tls section");
    assertNotNull(options.getGrpcMetadataProviders());
    Metadata sent = new Metadata();
    for (GrpcMetadataProvider p : options.getGrpcMetadataProviders()) {
      sent.merge(p.getMetadata());
    }
    assertEquals(
        "Bearer tmprl-test-api-key",
        sent.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)));
  }

  @Test
  void tlsWithAMissingCaFileFailsNamingTemporalTls() {
    Path missing = dir.resolve("ca.pem");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                TemporalConnection.stubsOptions(
                    with(new TemporalTls(missing, null, null, null), null)));
    assertTrue(e.getMessage().startsWith("temporal.tls: "), e.getMessage());
  }

  @Test
  void tlsWithAnUnreadableClientCertificateFailsNamingTemporalTls() throws Exception {
    Path cert = Files.writeString(dir.resolve("client.pem"), "not a certificate");
    Path key = Files.writeString(dir.resolve("client.key"), "not a key");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                TemporalConnection.stubsOptions(
                    with(new TemporalTls(null, cert, key, null), null)));
    assertTrue(
        e.getMessage().startsWith("temporal.tls: cannot load the certificates"), e.getMessage());
  }

  @Test
  void tlsWithoutFilesTrustsTheJvmsCas() {
    WorkflowServiceStubsOptions options =
        TemporalConnection.stubsOptions(with(new TemporalTls(null, null, null, null), null));
    assertNotNull(options.getSslContext());
    assertTrue(options.getSslContext().isClient());
    assertNull(options.getChannelInitializer(), "no server name override unless asked for");
  }

  @Test
  void tlsServerNameOverridesTheAuthority() {
    WorkflowServiceStubsOptions options =
        TemporalConnection.stubsOptions(
            with(new TemporalTls(null, null, null, "temporal.internal"), null));
    assertNotNull(options.getChannelInitializer());
  }
}
