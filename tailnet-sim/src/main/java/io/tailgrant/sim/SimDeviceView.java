package io.tailgrant.sim;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An immutable copy of a simulated device, taken under the state lock. {@code external}: shared
 * into this tailnet from another one; {@code sharer}: login of the user who shared it when not its
 * owner, else null; {@code ephemeral}: it joined with an ephemeral key and goes when it
 * disconnects.
 */
public record SimDeviceView(
    long id,
    String nodeId,
    String hostname,
    String fqdn,
    String user,
    String os,
    List<String> tags,
    List<String> addresses,
    Instant created,
    Map<String, AttributeView> attributes,
    boolean external,
    String sharer,
    boolean ephemeral) {

  /** A posture attribute's value and expiry (null: none). */
  public record AttributeView(Object value, Instant expiry) {}

  public boolean isTagged() {
    return !tags.isEmpty();
  }
}
