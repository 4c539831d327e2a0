package io.tailgrant.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The parts of a LocalAPI WhoIs answer TailGrant uses: {@code tags} non-empty means a tagged node;
 * {@code sharedIn} means the node was shared into the tailnet from another one (WhoIs names a
 * {@code Node.Sharer}), so its user is not a member of ours.
 */
public record WhoIs(
    String nodeId,
    String hostname,
    String fqdn,
    List<String> tags,
    String login,
    String displayName,
    Map<String, List<JsonNode>> capabilities,
    boolean sharedIn) {

  public WhoIs(
      String nodeId,
      String hostname,
      String fqdn,
      List<String> tags,
      String login,
      String displayName,
      Map<String, List<JsonNode>> capabilities) {
    this(nodeId, hostname, fqdn, tags, login, displayName, capabilities, false);
  }

  public boolean isTaggedNode() {
    return !tags.isEmpty();
  }
}
