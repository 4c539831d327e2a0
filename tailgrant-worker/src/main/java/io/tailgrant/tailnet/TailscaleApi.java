package io.tailgrant.tailnet;

import java.time.Instant;
import java.util.List;

/** The Tailscale API v2 calls TailGrant makes, and nothing more. */
public interface TailscaleApi {

  /** One call, however many devices. */
  List<TailscaleDevice> listDevices();

  TailscaleDevice getDevice(String nodeId);

  /** Replaces the device's whole tag list. */
  void setTags(String nodeId, List<String> tags);

  PostureAttributes getAttributes(String nodeId);

  /** Upserts a custom attribute; a null expiry means none. */
  void setAttribute(String nodeId, String key, Object value, Instant expiry, String comment);

  /** Deletes a custom attribute; an attribute that is already gone counts as deleted. */
  void deleteAttribute(String nodeId, String key);
}
