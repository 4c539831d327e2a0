package io.tailgrant.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadEncryptionTest {
  private static final byte[] KEY = new byte[32];
  private static final byte[] OTHER_KEY = new byte[32];

  static {
    for (int i = 0; i < 32; i++) {
      KEY[i] = (byte) i;
      OTHER_KEY[i] = (byte) (100 + i);
    }
  }

  private static Payload json(String text) {
    return Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(text))
        .build();
  }

  @Test
  void roundTripsAndHidesThePlaintext() {
    PayloadEncryption codec = new PayloadEncryption(KEY);
    Payload plain = json("{\"token\":\"sim.secret-token\"}");
    Payload sealed = codec.encode(List.of(plain)).get(0);
    assertEquals(PayloadEncryption.ENCODING, sealed.getMetadataOrThrow("encoding").toStringUtf8());
    assertEquals(codec.keyId(), sealed.getMetadataOrThrow(PayloadEncryption.KEY_ID).toStringUtf8());
    assertFalse(sealed.getData().toStringUtf8().contains("secret-token"));
    assertEquals(plain, codec.decode(List.of(sealed)).get(0));
  }

  @Test
  void everyEncryptionUsesAFreshNonce() {
    PayloadEncryption codec = new PayloadEncryption(KEY);
    Payload plain = json("\"same\"");
    assertNotEquals(
        codec.encode(List.of(plain)).get(0).getData(),
        codec.encode(List.of(plain)).get(0).getData());
  }

  /** Someone who reaches Temporal but holds no key sends a plain "approve": it must not be read. */
  @Test
  void plaintextPayloadsAreRefused() {
    Payload forged = json("{\"actor\":\"bob@example.com\",\"comment\":\"lgtm\"}");
    PayloadCodecException e =
        assertThrows(
            PayloadCodecException.class, () -> new PayloadEncryption(KEY).decode(List.of(forged)));
    assertTrue(e.getMessage().contains("unencrypted"), e.getMessage());
    Payload untagged = Payload.newBuilder().setData(ByteString.copyFromUtf8("x")).build();
    assertThrows(
        PayloadCodecException.class, () -> new PayloadEncryption(KEY).decode(List.of(untagged)));
  }

  @Test
  void aPayloadClaimingToBeSealedButForgedIsRefused() {
    Payload sealed = new PayloadEncryption(KEY).encode(List.of(json("\"x\""))).get(0);
    Payload forged = sealed.toBuilder().setData(ByteString.copyFrom(new byte[64])).build();
    assertThrows(
        PayloadCodecException.class, () -> new PayloadEncryption(KEY).decode(List.of(forged)));
  }

  @Test
  void afterARotationTheNewKeySealsAndOldKeysStillOpen() {
    Payload sealedBefore =
        new PayloadEncryption(OTHER_KEY).encode(List.of(json("\"before\""))).get(0);
    PayloadEncryption rotated = new PayloadEncryption(KEY, List.of(OTHER_KEY));

    assertEquals(json("\"before\""), rotated.decode(List.of(sealedBefore)).get(0));
    Payload sealedAfter = rotated.encode(List.of(json("\"after\""))).get(0);
    assertEquals(
        new PayloadEncryption(KEY).keyId(),
        sealedAfter.getMetadataOrThrow(PayloadEncryption.KEY_ID).toStringUtf8());
    assertThrows(
        PayloadCodecException.class,
        () -> new PayloadEncryption(KEY).decode(List.of(sealedBefore)),
        "without the old key the old payload stays closed");
  }

  @Test
  void tamperedCiphertextIsRefused() {
    PayloadEncryption codec = new PayloadEncryption(KEY);
    Payload sealed = codec.encode(List.of(json("\"x\""))).get(0);
    byte[] data = sealed.getData().toByteArray();
    data[data.length - 1] ^= 1;
    Payload tampered = sealed.toBuilder().setData(ByteString.copyFrom(data)).build();
    assertThrows(PayloadCodecException.class, () -> codec.decode(List.of(tampered)));
  }

  @Test
  void anotherKeyCannotRead() {
    Payload sealed = new PayloadEncryption(KEY).encode(List.of(json("\"x\""))).get(0);
    PayloadCodecException e =
        assertThrows(
            PayloadCodecException.class,
            () -> new PayloadEncryption(OTHER_KEY).decode(List.of(sealed)));
    assertTrue(e.getMessage().contains("key"));
  }

  @Test
  void worksAsTheDataConverterOfAClient() {
    var converter =
        new CodecDataConverter(
            DefaultDataConverter.STANDARD_INSTANCE, List.of(new PayloadEncryption(KEY)));
    Optional<io.temporal.api.common.v1.Payloads> payloads =
        converter.toPayloads("reason: rotate the db password");
    assertFalse(
        payloads
            .orElseThrow()
            .getPayloads(0)
            .getData()
            .toString(StandardCharsets.UTF_8)
            .contains("rotate"));
    assertEquals(
        "reason: rotate the db password",
        converter.fromPayloads(0, payloads, String.class, String.class));
  }

  @Test
  void olderKeyFilesOpenWhatTheySealed(@TempDir Path dir) throws Exception {
    Path old = dir.resolve("old");
    Path current = dir.resolve("current");
    PayloadEncryption.generate(old);
    PayloadEncryption.generate(current);
    Payload sealedBefore = PayloadEncryption.fromFile(old).encode(List.of(json("2"))).get(0);

    assertEquals(
        json("2"),
        PayloadEncryption.fromFiles(current, List.of(old)).decode(List.of(sealedBefore)).get(0));
  }

  @Test
  void keyFilesAreGeneratedOwnerOnlyAndReadBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("key");
    PayloadEncryption.generate(file);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    PayloadEncryption a = PayloadEncryption.fromFile(file);
    Payload sealed = a.encode(List.of(json("1"))).get(0);
    assertEquals(json("1"), PayloadEncryption.fromFile(file).decode(List.of(sealed)).get(0));
    assertThrows(
        java.nio.file.FileAlreadyExistsException.class, () -> PayloadEncryption.generate(file));
  }

  @Test
  void badKeyFilesSayWhatIsWrong(@TempDir Path dir) throws Exception {
    Path notBase64 = Files.writeString(dir.resolve("a"), "not base64!!");
    assertTrue(
        assertThrows(IllegalStateException.class, () -> PayloadEncryption.fromFile(notBase64))
            .getMessage()
            .contains("base64"));
    Path shortKey =
        Files.writeString(
            dir.resolve("b"), java.util.Base64.getEncoder().encodeToString(new byte[16]));
    assertTrue(
        assertThrows(IllegalStateException.class, () -> PayloadEncryption.fromFile(shortKey))
            .getMessage()
            .contains("16 bytes"));
    assertTrue(
        assertThrows(
                IllegalStateException.class,
                () -> PayloadEncryption.fromFile(dir.resolve("missing")))
            .getMessage()
            .contains("cannot read"));
  }
}
