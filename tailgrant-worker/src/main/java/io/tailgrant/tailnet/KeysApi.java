package io.tailgrant.tailnet;

import java.util.List;

/**
 * The auth-key calls TailGrant makes (scope {@code auth_keys}), and the device calls that end what
 * joined with its keys ({@code devices:core}).
 */
public interface KeysApi {

  /** A pre-authorized key carrying {@code tags}; sent once, never retried in place. */
  NewAuthKey createAuthKey(
      List<String> tags,
      boolean reusable,
      boolean ephemeral,
      long expirySeconds,
      String description);

  /** Every active auth key of the tailnet ({@code all=true}), without secrets. */
  List<AuthKeyInfo> listAuthKeys();

  /** Deletes a key; one that is already gone counts as deleted. */
  void deleteAuthKey(String keyId);

  List<TailscaleDevice> listDevices();

  /** Deletes a device; one that is already gone counts as deleted. */
  void deleteDevice(String nodeId);
}
