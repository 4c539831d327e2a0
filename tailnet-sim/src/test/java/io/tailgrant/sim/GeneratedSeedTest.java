package io.tailgrant.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link SimSeed#generated}: the default tailnet first and unchanged, then realistic bulk. */
class GeneratedSeedTest {
  private static final Pattern LOGIN = Pattern.compile("^[a-z]+\\.[a-z]+\\d*@example\\.com$");
  private static final SimSeed DEFAULT = SimSeed.defaultSeed();

  @Test
  void theDefaultSeedsUsersAndDevicesComeFirstUnchanged() {
    SimSeed g = SimSeed.generated(500, 7);
    assertEquals(DEFAULT.users(), g.users().subList(0, DEFAULT.users().size()));
    assertEquals(DEFAULT.devices(), g.devices().subList(0, DEFAULT.devices().size()));
    assertEquals(
        DEFAULT.groups().get("group:sre"),
        g.groups().get("group:sre").subList(0, DEFAULT.groups().get("group:sre").size()));
    DEFAULT.tagOwners().forEach((tag, owners) -> assertEquals(owners, g.tagOwners().get(tag)));
    assertEquals(DEFAULT.oauthClients(), g.oauthClients());
    assertEquals(DEFAULT.capabilities(), g.capabilities());
    assertEquals(DEFAULT.selfName(), g.selfName());
  }

  @Test
  void theSameRandomSeedGivesTheSameTailnet() {
    assertEquals(SimSeed.generated(300, 42), SimSeed.generated(300, 42));
    assertNotEquals(SimSeed.generated(300, 42).users(), SimSeed.generated(300, 43).users());
  }

  @Test
  void aSizeBelowTheDefaultSeedsGivesTheDefaultSeed() {
    SimSeed g = SimSeed.generated(1, 1);
    assertEquals(DEFAULT.users(), g.users());
    assertEquals(DEFAULT.devices(), g.devices());
  }

  @Test
  void nUsersAndNDevicesWithRealisticNamesRolesGroupsAndTags() {
    int n = 2000;
    SimSeed g = SimSeed.generated(n, 11);
    assertEquals(n, g.users().size());
    assertEquals(n, g.devices().size());

    List<SimSeed.User> people = g.users().subList(DEFAULT.users().size(), n);
    Set<String> logins = new HashSet<>();
    for (SimSeed.User u : people) {
      assertTrue(LOGIN.matcher(u.login()).matches(), u.login());
      assertTrue(logins.add(u.login()), "unique: " + u.login());
      String[] name = u.displayName().split(" ");
      assertEquals(2, name.length, u.displayName());
      assertTrue(u.login().startsWith(name[0].toLowerCase() + "." + name[1].toLowerCase()));
      assertTrue(TailnetState.ROLES.contains(u.role()), u.role());
    }
    long owners = g.users().stream().filter(u -> "owner".equals(u.role())).count();
    long admins = people.stream().filter(u -> "admin".equals(u.role())).count();
    assertEquals(1, owners, "carol stays the one owner");
    assertTrue(admins >= n / 100 && admins <= n / 25, "about one admin in fifty: " + admins);
    for (String group : List.of("group:sre", "group:eng", "group:data")) {
      assertTrue(g.groups().get(group).size() > 10, group);
    }

    Set<String> hostnames = new HashSet<>();
    int laptops = 0;
    int servers = 0;
    Map<String, String> byLogin = new java.util.HashMap<>();
    people.forEach(u -> byLogin.put(u.login(), u.displayName()));
    for (SimSeed.Device d : g.devices()) {
      assertTrue(hostnames.add(d.name()), "unique host name: " + d.name());
    }
    for (SimSeed.Device d : g.devices().subList(DEFAULT.devices().size(), n)) {
      if (d.tags().isEmpty()) {
        laptops++;
        String stem = d.user().substring(0, d.user().indexOf('@')).replace('.', '-');
        assertTrue(d.name().startsWith(stem + "-"), d.name() + " is named after " + d.user());
        assertTrue(byLogin.containsKey(d.user()), d.user());
      } else {
        servers++;
        // tag:deploy is what the dev stack's ci-deploy grant adds: born with it would be drift.
        assertFalse(d.tags().contains("tag:deploy"), d.toString());
        for (String tag : d.tags()) {
          assertEquals(List.of("tag:tailgrant"), g.tagOwners().get(tag), tag);
        }
      }
    }
    assertTrue(laptops > servers && servers > n / 10, laptops + " laptops, " + servers);
    assertTrue(hostnames.stream().anyMatch(h -> h.startsWith("ci-runner-")));
    assertTrue(hostnames.stream().anyMatch(h -> h.startsWith("prod-web-")));
  }

  @Test
  void everyDeviceHasItsOwnAddressAndTheDefaultOnesKeepTheirs() {
    TailnetState small = new TailnetState(DEFAULT, () -> Instant.EPOCH);
    TailnetState big = new TailnetState(SimSeed.generated(3000, 5), () -> Instant.EPOCH);
    List<SimDeviceView> devices = big.devices();
    assertEquals(3000, devices.size());
    Set<String> addresses = new HashSet<>();
    Set<String> nodeIds = new HashSet<>();
    for (SimDeviceView d : devices) {
      assertTrue(d.addresses().get(0).matches("^100\\.64\\.\\d{1,3}\\.\\d{1,3}$"), d.toString());
      for (String octet : d.addresses().get(0).split("\\.")) {
        assertTrue(Integer.parseInt(octet) <= 254, d.addresses().toString());
      }
      assertTrue(addresses.addAll(d.addresses()), "unique: " + d.addresses());
      assertTrue(nodeIds.add(d.nodeId()), d.nodeId());
    }
    assertEquals(small.devices(), devices.subList(0, small.devices().size()));
    assertEquals("100.64.0.254", TailnetState.ipv4For(254));
    assertEquals("100.64.1.1", TailnetState.ipv4For(255));
    assertEquals("100.64.1.254", TailnetState.ipv4For(508));
    assertEquals("100.64.2.1", TailnetState.ipv4For(509));
  }
}
