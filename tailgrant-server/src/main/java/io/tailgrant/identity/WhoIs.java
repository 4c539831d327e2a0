package io.tailgrant.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The parts of a LocalAPI WhoIs answer TailGrant uses; {@code tags} non-empty means a tagged node. */
public record WhoIs(String nodeId, String hostname, String fqdn, List<String> tags, String login, String displayName,
    Map<String, List<JsonNode>> capabilities) {

  public boolean isTaggedNode() {
    return !tags.isEmpty();
  }
}
