package io.tailgrant.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Builds a bulk tailnet on top of a base seed (the default one): the base's users and devices come
 * first and unchanged, then generated people ({@code first.last@example.com}, a few groups, about
 * one admin in fifty) and devices (a laptop named after its owner for most people, and tagged
 * servers and CI runners whose tags {@code tag:tailgrant} owns). The same {@code randomSeed} gives
 * the same tailnet ({@link Random} is specified to be the same on every JVM).
 */
final class GeneratedTailnet {
  private static final String[] FIRST =
      ("adam adrian aisha alan alex amara amir ana andrea anna arjun ben bianca brian "
              + "camila chen chloe chris clara daniel david diana diego elena eli emma ethan "
              + "fatima felix fiona gabriel grace hana hannah hugo ian ines isaac ivan jack "
              + "james jana javier jin john jonas julia kai karen kenji laura leila leo liam "
              + "lina lucas lucia maria mark maya mei mia miguel mohammed nadia nina noah nora "
              + "olga oliver omar paula pedro priya rahul rosa ryan sam sara sofia tom uma "
              + "victor wei yara yusuf zoe")
          .split(" ");
  private static final String[] LAST =
      ("adams ahmed alvarez anderson bauer becker brown campbell chen clark costa "
              + "davies diaz dubois evans fischer garcia gomez gupta hall hansen hernandez hill "
              + "hoffmann ito jansen johnson jones khan kim king kowalski kumar larsen lee lewis "
              + "lopez martin martinez meyer miller moore morales muller nakamura nguyen nielsen "
              + "novak obrien okafor olsen park patel perez petrov popescu ramirez reyes rossi "
              + "russo sato schmidt schneider silva singh smith suzuki tanaka taylor thomas "
              + "torres tran walker wang weber white williams wilson wong wright yamamoto young "
              + "zhang zimmermann")
          .split(" ");

  /** Servers: a host name prefix, its tags, and its weight among servers. */
  private record ServerKind(String prefix, List<String> tags, int weight) {}

  private static final List<ServerKind> SERVERS =
      List.of(
          new ServerKind("prod-web", List.of("tag:prod"), 20),
          new ServerKind("prod-api", List.of("tag:prod"), 20),
          new ServerKind("prod-db", List.of("tag:prod-db"), 8),
          new ServerKind("ci-runner", List.of("tag:ci"), 20),
          new ServerKind("build", List.of("tag:ci", "tag:build"), 5),
          new ServerKind("staging-api", List.of("tag:staging"), 12),
          new ServerKind("k8s-node", List.of("tag:k8s"), 10),
          new ServerKind("monitoring", List.of("tag:monitoring"), 5));

  /**
   * Tags the generated servers carry that the base seed may not define; tag:tailgrant owns them.
   */
  private static final List<String> SERVER_TAGS =
      List.of(
          "tag:prod",
          "tag:prod-db",
          "tag:ci",
          "tag:build",
          "tag:staging",
          "tag:k8s",
          "tag:monitoring");

  /** Groups and the share of generated people in each. */
  private static final Map<String, Double> GROUP_SHARES =
      orderedShares(
          "group:sre", 0.03,
          "group:eng", 0.45,
          "group:data", 0.10,
          "group:security", 0.03,
          "group:support", 0.08);

  private static final String[] USER_DEVICE_SUFFIXES = {"laptop", "desktop", "phone"};

  private GeneratedTailnet() {}

  static SimSeed generate(SimSeed base, int n, long randomSeed) {
    if (n < 1) {
      throw new IllegalArgumentException("a generated tailnet needs at least 1 device");
    }
    Random random = new Random(randomSeed);
    String domain = "example.com";

    // ---- People ----
    List<SimSeed.User> users = new ArrayList<>(base.users());
    Set<String> logins = new HashSet<>();
    users.forEach(u -> logins.add(u.login()));
    boolean hasOwner = users.stream().anyMatch(u -> "owner".equals(u.role()));
    List<SimSeed.User> people = new ArrayList<>();
    List<String> admins = new ArrayList<>();
    users.stream()
        .filter(u -> "owner".equals(u.role()) || "admin".equals(u.role()))
        .forEach(u -> admins.add(u.login()));
    for (int g = 0; users.size() < n; g++) {
      String first = FIRST[random.nextInt(FIRST.length)];
      String last = LAST[random.nextInt(LAST.length)];
      String local = first + "." + last;
      String login = local + "@" + domain;
      for (int k = 2; logins.contains(login); k++) {
        login = local + k + "@" + domain;
      }
      logins.add(login);
      String role = roleFor(g);
      if (role.equals("admin") && !hasOwner) {
        role = "owner";
        hasOwner = true;
      }
      SimSeed.User u =
          new SimSeed.User(login, capitalise(first) + " " + capitalise(last), false, role);
      users.add(u);
      people.add(u);
      if (role.equals("admin") || role.equals("owner")) {
        admins.add(login);
      }
    }

    // ---- Groups ----
    Map<String, List<String>> groups = new LinkedHashMap<>();
    base.groups().forEach((k, v) -> groups.put(k, new ArrayList<>(v)));
    GROUP_SHARES.keySet().forEach(gr -> groups.computeIfAbsent(gr, k -> new ArrayList<>()));
    for (SimSeed.User u : people) {
      for (var share : GROUP_SHARES.entrySet()) {
        if (random.nextDouble() < share.getValue()) {
          groups.get(share.getKey()).add(u.login());
        }
      }
    }

    // ---- Devices ----
    List<SimSeed.Device> devices = new ArrayList<>(base.devices());
    Set<String> hostnames = new HashSet<>();
    devices.forEach(d -> hostnames.add(d.name()));
    Map<String, Integer> nextNumber = new LinkedHashMap<>();
    int totalWeight = SERVERS.stream().mapToInt(ServerKind::weight).sum();
    String fallbackCreator =
        admins.isEmpty() ? users.get(0).login() : admins.get(0); // who authenticated servers
    int person = 0;
    while (devices.size() < n) {
      if (people.isEmpty() || random.nextDouble() < 0.25) {
        ServerKind kind = pick(random, totalWeight);
        String name;
        do {
          int k = nextNumber.merge(kind.prefix(), 1, Integer::sum);
          name = kind.prefix() + "-" + k;
        } while (hostnames.contains(name));
        hostnames.add(name);
        String creator =
            admins.isEmpty() ? fallbackCreator : admins.get(random.nextInt(admins.size()));
        devices.add(new SimSeed.Device(name, creator, kind.tags(), "linux"));
      } else {
        SimSeed.User owner = people.get(person % people.size());
        String suffix = USER_DEVICE_SUFFIXES[Math.min(person / people.size(), 2)];
        person++;
        String stem = owner.login().substring(0, owner.login().indexOf('@')).replace('.', '-');
        String name = stem + "-" + suffix;
        for (int k = 2; hostnames.contains(name); k++) {
          name = stem + "-" + suffix + "-" + k;
        }
        hostnames.add(name);
        devices.add(new SimSeed.Device(name, owner.login(), List.of(), osFor(suffix, random)));
      }
    }

    // ---- Tag owners ----
    Map<String, List<String>> tagOwners = new LinkedHashMap<>(base.tagOwners());
    for (String tag : SERVER_TAGS) {
      tagOwners.putIfAbsent(tag, List.of("tag:tailgrant"));
    }

    return new SimSeed(
        base.tailnet(),
        base.dnsSuffix(),
        List.copyOf(users),
        groups,
        List.copyOf(devices),
        tagOwners,
        base.oauthClients(),
        base.capabilities(),
        base.self(),
        base.webhookEndpoint());
  }

  /** About one admin in fifty, and now and then another administrative role. */
  private static String roleFor(int g) {
    if (g % 50 == 10) {
      return "admin";
    }
    return switch (g % 1000) {
      case 30, 530 -> "it-admin";
      case 130, 630 -> "network-admin";
      case 230 -> "auditor";
      case 330 -> "billing-admin";
      default -> "member";
    };
  }

  private static ServerKind pick(Random random, int totalWeight) {
    int r = random.nextInt(totalWeight);
    for (ServerKind k : SERVERS) {
      r -= k.weight();
      if (r < 0) {
        return k;
      }
    }
    return SERVERS.get(0);
  }

  private static String osFor(String suffix, Random random) {
    double r = random.nextDouble();
    if (suffix.equals("phone")) {
      return r < 0.6 ? "iOS" : "android";
    }
    return r < 0.5 ? "macOS" : r < 0.8 ? "windows" : "linux";
  }

  private static String capitalise(String s) {
    return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  private static Map<String, Double> orderedShares(Object... kv) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Double) kv[i + 1]);
    }
    return m;
  }
}
