package io.tailgrant.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a credential to a one-time recipient key (ECIES: X25519 agreement, SHA-256 key derivation,
 * AES-256-GCM), so that a token travels from the worker to the server through Temporal without ever
 * being readable there: not in history, not through the payload key, not at the codec endpoint. The
 * server makes a key pair per request, keeps the private half in memory for that request only, and
 * sends the public half with it. {@code context} (the grant id) is authenticated, so a sealed
 * secret opens only for the request it was made for.
 */
public final class RecipientSeal {
  private static final String CURVE = "X25519";
  private static final String LABEL = "tailgrant-sealed-secret-v1";
  private static final SecureRandom RANDOM = new SecureRandom();

  private RecipientSeal() {}

  /**
   * A new one-time key pair; send {@link #publicKey} with the request, keep the pair to open the
   * answer.
   */
  public static KeyPair newRecipient() {
    try {
      return KeyPairGenerator.getInstance(CURVE).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("X25519 is not available in this JVM", e);
    }
  }

  /** The recipient's public key as the request carries it (base64 of its X.509 encoding). */
  public static String publicKey(KeyPair recipient) {
    return Base64.getEncoder().encodeToString(recipient.getPublic().getEncoded());
  }

  /** Seals {@code secret} so only the holder of {@code recipientKey}'s private half can open it. */
  public static SealedSecret seal(String secret, String recipientKey, String context) {
    try {
      PublicKey recipient =
          KeyFactory.getInstance(CURVE)
              .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(recipientKey)));
      KeyPair sender = KeyPairGenerator.getInstance(CURVE).generateKeyPair();
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      Cipher cipher =
          cipher(
              Cipher.ENCRYPT_MODE,
              sender.getPrivate(),
              recipient,
              sender.getPublic().getEncoded(),
              recipient.getEncoded(),
              nonce,
              context);
      byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      Base64.Encoder b64 = Base64.getEncoder();
      return new SealedSecret(
          b64.encodeToString(sender.getPublic().getEncoded()),
          b64.encodeToString(nonce),
          b64.encodeToString(sealed));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot seal to recipient key: " + e.getMessage(), e);
    }
  }

  /** Opens what {@link #seal} sealed to {@code recipient}'s public key for {@code context}. */
  public static String open(SealedSecret sealed, KeyPair recipient, String context) {
    try {
      Base64.Decoder b64 = Base64.getDecoder();
      byte[] senderEncoded = b64.decode(sealed.senderKey());
      PublicKey sender =
          KeyFactory.getInstance(CURVE).generatePublic(new X509EncodedKeySpec(senderEncoded));
      Cipher cipher =
          cipher(
              Cipher.DECRYPT_MODE,
              recipient.getPrivate(),
              sender,
              senderEncoded,
              recipient.getPublic().getEncoded(),
              b64.decode(sealed.nonce()),
              context);
      return new String(cipher.doFinal(b64.decode(sealed.ciphertext())), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the sealed secret does not open with this request's key", e);
    }
  }

  private static Cipher cipher(
      int mode,
      PrivateKey own,
      PublicKey other,
      byte[] senderKey,
      byte[] recipientKey,
      byte[] nonce,
      String context)
      throws GeneralSecurityException {
    KeyAgreement agreement = KeyAgreement.getInstance(CURVE);
    agreement.init(own);
    agreement.doPhase(other, true);
    MessageDigest kdf = MessageDigest.getInstance("SHA-256");
    kdf.update(LABEL.getBytes(StandardCharsets.UTF_8));
    kdf.update(agreement.generateSecret());
    kdf.update(senderKey);
    kdf.update(recipientKey);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(kdf.digest(), "AES"), new GCMParameterSpec(128, nonce));
    cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }
}
