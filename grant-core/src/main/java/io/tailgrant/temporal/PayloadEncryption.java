package io.tailgrant.temporal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM payload codec shared by server and worker: every payload Temporal stores (inputs,
 * results, kubeconfigs, reasons, identities) is ciphertext to the cluster and to anyone reading its
 * database. GCM also authenticates: a payload that was not sealed with one of TailGrant's keys is
 * refused on decode, so someone who can reach Temporal but holds no key cannot start a grant,
 * approve one or send any other input a workflow would act on. One key seals; older keys (after a
 * rotation) still open what they sealed, chosen by the key id in each payload's metadata. Search
 * attributes (requester, type, target, status) are not payloads: they stay readable so operators
 * can filter grants in the Temporal UI.
 */
public final class PayloadEncryption implements PayloadCodec {
  public static final String ENCODING = "binary/encrypted";
  public static final String KEY_ID = "encryption-key-id";
  private static final String METADATA_ENCODING = "encoding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;
  private final String keyId;
  private final Map<String, SecretKey> decodingKeys = new LinkedHashMap<>();

  public PayloadEncryption(byte[] key) {
    this(key, List.of());
  }

  /** Seals with {@code key}; opens what {@code key} or any of {@code olderKeys} sealed. */
  public PayloadEncryption(byte[] key, List<byte[]> olderKeys) {
    this.key = aesKey(key);
    this.keyId = keyIdOf(key);
    decodingKeys.put(keyId, this.key);
    for (byte[] older : olderKeys) {
      decodingKeys.putIfAbsent(keyIdOf(older), aesKey(older));
    }
  }

  private static SecretKey aesKey(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException(
          "an encryption key is 32 bytes (AES-256), this one is " + key.length);
    }
    return new SecretKeySpec(key, "AES");
  }

  /** Reads a key file: the base64 of 32 random bytes, as {@link #generate} writes it. */
  public static PayloadEncryption fromFile(Path file) {
    return new PayloadEncryption(readKey(file));
  }

  /**
   * The key in {@code file} seals and opens; the keys in {@code olderFiles} only open (key
   * rotation).
   */
  public static PayloadEncryption fromFiles(Path file, List<Path> olderFiles) {
    return new PayloadEncryption(
        readKey(file), olderFiles.stream().map(PayloadEncryption::readKey).toList());
  }

  private static byte[] readKey(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read encryption key file " + file + ": " + e.getMessage());
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "encryption key file " + file + " must hold base64 (openssl rand -base64 32)");
    }
    if (key.length != 32) {
      throw new IllegalStateException(
          "encryption key file "
              + file
              + " holds "
              + key.length
              + " bytes; AES-256 needs 32 (openssl rand -base64 32)");
    }
    return key;
  }

  /** Writes a new random key to {@code file}, readable by its owner only. */
  public static void generate(Path file) throws IOException {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(
        file,
        Base64.getEncoder().encodeToString(key) + "\n",
        StandardCharsets.US_ASCII,
        StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // Not a POSIX file system; the directory's permissions have to do.
    }
  }

  /**
   * A short public name for the key (not the key): lets operators see which key sealed a payload.
   */
  public String keyId() {
    return keyId;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).collect(Collectors.toList());
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).collect(Collectors.toList());
  }

  private Payload encrypt(Payload plain) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(plain.toByteArray());
      return Payload.newBuilder()
          .putMetadata(METADATA_ENCODING, ByteString.copyFromUtf8(ENCODING))
          .putMetadata(KEY_ID, ByteString.copyFromUtf8(keyId))
          .setData(ByteString.copyFrom(nonce).concat(ByteString.copyFrom(sealed)))
          .build();
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(e);
    }
  }

  private Payload decrypt(Payload payload) {
    ByteString encoding = payload.getMetadataOrDefault(METADATA_ENCODING, null);
    if (encoding == null || !ENCODING.equals(encoding.toStringUtf8())) {
      throw new PayloadCodecException(
          "refused an unencrypted payload (encoding "
              + (encoding == null ? "none" : encoding.toStringUtf8())
              + "): with temporal.encryptionKeyFile set,"
              + " TailGrant accepts only payloads sealed with its own keys, so access to Temporal alone cannot"
              + " start, approve or change a grant");
    }
    String id = payload.getMetadataOrDefault(KEY_ID, ByteString.EMPTY).toStringUtf8();
    SecretKey key = decodingKeys.get(id);
    if (key == null) {
      throw new PayloadCodecException(
          "payload was encrypted with key "
              + id
              + ", this process has key(s) "
              + String.join(", ", decodingKeys.keySet())
              + " (temporal.encryptionKeyFile, temporal.decryptionKeyFiles)");
    }
    byte[] data = payload.getData().toByteArray();
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new PayloadCodecException("encrypted payload is too short");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      return Payload.parseFrom(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES));
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(
          "payload failed authentication: wrong key or tampered data", e);
    } catch (InvalidProtocolBufferException e) {
      throw new PayloadCodecException(e);
    }
  }

  private static String keyIdOf(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
