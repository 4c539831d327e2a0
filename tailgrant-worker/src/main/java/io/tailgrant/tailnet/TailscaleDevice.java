package io.tailgrant.tailnet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A device as the API returns it (unknown fields ignored); {@code name} is the FQDN without a
 * trailing dot.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TailscaleDevice(
    String id,
    String nodeId,
    String name,
    String hostname,
    String user,
    List<String> tags,
    List<String> addresses) {

  public TailscaleDevice {
    tags = tags == null ? List.of() : List.copyOf(tags);
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
  }

  public boolean isTagged() {
    return !tags.isEmpty();
  }
}
