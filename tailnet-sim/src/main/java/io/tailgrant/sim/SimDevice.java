package io.tailgrant.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One simulated device; mutated only under the {@link TailnetState} lock. */
final class SimDevice {
  final long id;
  final String nodeId;
  final String hostname;
  final String fqdn;
  final String user;
  final String os;
  final String ipv4;
  final String ipv6;
  final Instant created;

  /** Shared into this tailnet from another one (its owner is not a member). */
  final boolean external;

  /** Login of the user who shared it, when not its owner (tailcfg.Node.Sharer); else null. */
  final String sharer;

  /** Joined with an ephemeral auth key: it leaves the tailnet once it disconnects. */
  final boolean ephemeral;

  List<String> tags;
  final Map<String, Attribute> attributes = new LinkedHashMap<>();

  /** A custom posture attribute and its optional expiry. */
  record Attribute(Object value, Instant expiry) {}

  SimDevice(
      long id,
      String nodeId,
      String hostname,
      String fqdn,
      String user,
      String os,
      String ipv4,
      String ipv6,
      Instant created,
      List<String> tags,
      boolean external,
      String sharer) {
    this(id, nodeId, hostname, fqdn, user, os, ipv4, ipv6, created, tags, external, sharer, false);
  }

  SimDevice(
      long id,
      String nodeId,
      String hostname,
      String fqdn,
      String user,
      String os,
      String ipv4,
      String ipv6,
      Instant created,
      List<String> tags,
      boolean external,
      String sharer,
      boolean ephemeral) {
    this.id = id;
    this.nodeId = nodeId;
    this.hostname = hostname;
    this.fqdn = fqdn;
    this.user = user;
    this.os = os;
    this.ipv4 = ipv4;
    this.ipv6 = ipv6;
    this.created = created;
    this.external = external;
    this.sharer = sharer;
    this.ephemeral = ephemeral;
    this.tags = new ArrayList<>(tags == null ? List.of() : tags);
  }

  boolean isTagged() {
    return !tags.isEmpty();
  }

  boolean matches(String idOrName) {
    return nodeId.equals(idOrName)
        || Long.toString(id).equals(idOrName)
        || hostname.equals(idOrName)
        || fqdn.equals(idOrName);
  }
}
