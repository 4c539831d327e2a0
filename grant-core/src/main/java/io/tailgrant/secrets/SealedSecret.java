package io.tailgrant.secrets;

/**
 * A credential sealed to one recipient's ephemeral X25519 key (base64 fields): what Temporal
 * history and the codec endpoint show instead of a token. Only the process that made the recipient
 * key, for one request, can open it.
 */
public record SealedSecret(String senderKey, String nonce, String ciphertext) {

  @Override
  public String toString() {
    return "SealedSecret[" + ciphertext.length() + " base64 characters]";
  }
}
