package io.tailgrant.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.grant.CapabilityRoles;
import io.tailgrant.grant.Principal;
import java.util.List;
import java.util.Map;

/**
 * The person behind a request, as tailscaled's WhoIs named them, and the device they used; {@code
 * sharedIn} when that device was shared in from another tailnet (not a member); {@code roles} what
 * the tailnet policy gives them through TailGrant's app capability ({@code server.capability}),
 * none for a shared-in user or when no capability is configured.
 */
public record Caller(
    String login,
    String displayName,
    String nodeId,
    String deviceName,
    Map<String, List<JsonNode>> capabilities,
    boolean sharedIn,
    CapabilityRoles roles) {

  public Caller {
    capabilities = capabilities == null ? Map.of() : Map.copyOf(capabilities);
    roles = CapabilityRoles.forCaller(roles, sharedIn);
  }

  public Caller(
      String login,
      String displayName,
      String nodeId,
      String deviceName,
      Map<String, List<JsonNode>> capabilities) {
    this(login, displayName, nodeId, deviceName, capabilities, false, null);
  }

  public Principal principal() {
    return new Principal(login, displayName, nodeId, deviceName, sharedIn);
  }
}
