package io.tailgrant.dev.bench;

import io.tailgrant.sim.SimSeed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tailnets the scale scenarios run on: a generated one (people with laptops, tagged servers)
 * plus {@code nodes} servers tagged {@code tag:bench-node} that the bench's grant types target, and
 * those types' tags owned by TailGrant's OAuth client as a real policy would have them.
 */
final class BenchTailnet {
  static final String NODE_TAG = "tag:bench-node";
  static final List<String> GRANT_TAGS = List.of("tag:bench-a", "tag:bench-b");

  /** Grant types {@code bench-a} and {@code bench-b}: a tag on a bench node, for any member. */
  static final String GRANT_TYPES =
      """
        - name: bench-a
          description: Benchmark grant, tag:bench-a on a bench node
          kind: tags
          tags: [tag:bench-a]
          target: {rule: tagged, tags: [tag:bench-node]}
          minDuration: 5s
          maxDuration: 2h
          defaultDuration: 5m
          risk: low
          requesters: [autogroup:member]
        - name: bench-b
          description: Benchmark grant, tag:bench-b on a bench node
          kind: tags
          tags: [tag:bench-b]
          target: {rule: tagged, tags: [tag:bench-node]}
          minDuration: 5s
          maxDuration: 2h
          defaultDuration: 5m
          risk: low
          requesters: [autogroup:member]
      """;

  private BenchTailnet() {}

  /** A generated tailnet of {@code people} users and devices, plus {@code nodes} bench nodes. */
  static SimSeed of(int people, int nodes) {
    SimSeed base = SimSeed.generated(people, 42);
    List<SimSeed.Device> devices = new ArrayList<>(base.devices());
    for (int i = 1; i <= nodes; i++) {
      devices.add(new SimSeed.Device(node(i - 1), "carol@example.com", List.of(NODE_TAG), "linux"));
    }
    Map<String, List<String>> owners = new LinkedHashMap<>(base.tagOwners());
    // Tailscale checks every tag of the set a tag change writes, so TailGrant's client must own the
    // nodes' own tag too, as it owns tag:ci in the dev tailnet.
    owners.put(NODE_TAG, List.of("tag:tailgrant"));
    GRANT_TAGS.forEach(t -> owners.put(t, List.of("tag:tailgrant")));
    return new SimSeed(
        base.tailnet(),
        base.dnsSuffix(),
        base.users(),
        base.groups(),
        devices,
        owners,
        base.oauthClients(),
        base.capabilities(),
        base.self(),
        base.webhookEndpoint());
  }

  /** The host name of bench node {@code i} (from 0). */
  static String node(int i) {
    return "bench-node-" + (i + 1);
  }

  /** The members' laptops: each is a requester's device. */
  static List<String> requesterDevices(SimSeed seed) {
    Set<String> members =
        seed.users().stream()
            .filter(u -> !u.external())
            .map(SimSeed.User::login)
            .collect(Collectors.toSet());
    return seed.devices().stream()
        .filter(d -> d.tags() == null || d.tags().isEmpty())
        .filter(d -> d.name().endsWith("-laptop") && members.contains(d.user()))
        .map(SimSeed.Device::name)
        .toList();
  }
}
