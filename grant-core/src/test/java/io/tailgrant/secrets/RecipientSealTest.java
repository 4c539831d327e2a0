package io.tailgrant.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class RecipientSealTest {
  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.sim-token-for-alice";

  @Test
  void onlyTheRecipientOpensWhatWasSealedToIt() {
    KeyPair recipient = RecipientSeal.newRecipient();
    SealedSecret sealed =
        RecipientSeal.seal(TOKEN, RecipientSeal.publicKey(recipient), "g-abcdefgh");

    assertFalse(sealed.toString().contains("sim-token"));
    assertFalse(sealed.ciphertext().contains("sim-token"));
    assertEquals(TOKEN, RecipientSeal.open(sealed, recipient, "g-abcdefgh"));
    assertThrows(
        IllegalArgumentException.class,
        () -> RecipientSeal.open(sealed, RecipientSeal.newRecipient(), "g-abcdefgh"));
  }

  @Test
  void aSealedSecretOpensOnlyForItsOwnContext() {
    KeyPair recipient = RecipientSeal.newRecipient();
    SealedSecret sealed =
        RecipientSeal.seal(TOKEN, RecipientSeal.publicKey(recipient), "g-abcdefgh");

    assertThrows(
        IllegalArgumentException.class, () -> RecipientSeal.open(sealed, recipient, "g-otherrrr"));
  }

  @Test
  void tamperingIsDetected() {
    KeyPair recipient = RecipientSeal.newRecipient();
    SealedSecret sealed =
        RecipientSeal.seal(TOKEN, RecipientSeal.publicKey(recipient), "g-abcdefgh");
    char[] c = sealed.ciphertext().toCharArray();
    c[2] = c[2] == 'A' ? 'B' : 'A';
    SealedSecret tampered = new SealedSecret(sealed.senderKey(), sealed.nonce(), new String(c));

    assertThrows(
        IllegalArgumentException.class,
        () -> RecipientSeal.open(tampered, recipient, "g-abcdefgh"));
  }

  @Test
  void aMalformedRecipientKeyIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> RecipientSeal.seal(TOKEN, "not a key", "g-abcdefgh"));
  }
}
