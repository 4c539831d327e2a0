package io.tailgrant.tailnet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;

/**
 * A device as the API returns it (unknown fields ignored); {@code name} is the FQDN without a
 * trailing dot, {@code created} an RFC 3339 time (empty for devices shared in).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TailscaleDevice(
    String id,
    String nodeId,
    String name,
    String hostname,
    String user,
    List<String> tags,
    List<String> addresses,
    String created,
    boolean isEphemeral) {

  public TailscaleDevice {
    tags = tags == null ? List.of() : List.copyOf(tags);
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
  }

  public TailscaleDevice(
      String id,
      String nodeId,
      String name,
      String hostname,
      String user,
      List<String> tags,
      List<String> addresses) {
    this(id, nodeId, name, hostname, user, tags, addresses, null, false);
  }

  /** When it joined the tailnet, or null when the API does not say. */
  public Instant createdAt() {
    try {
      return created == null || created.isEmpty() ? null : Instant.parse(created);
    } catch (DateTimeException e) {
      return null;
    }
  }

  public boolean isTagged() {
    return !tags.isEmpty();
  }
}
