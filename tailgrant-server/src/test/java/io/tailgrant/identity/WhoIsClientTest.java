package io.tailgrant.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading tailscaled's WhoIs answer: PascalCase keys, dotted FQDNs, tagged pseudo-users, null
 * CapMaps.
 */
class WhoIsClientTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(String s) throws Exception {
    return JSON.readTree(s.replace('\'', '"'));
  }

  @Test
  void userOwnedNode() throws Exception {
    WhoIs w =
        WhoIsClient.parse(
            json(
                """
        {'Node': {'ID': 1234567890123, 'StableID': 'nAbCdEf1CNTRL', 'Name': 'alice-laptop.tail1234.ts.net.',
                  'Addresses': ['100.101.102.103/32'], 'Hostinfo': {'OS': 'macOS', 'Hostname': 'alice-laptop'}},
         'UserProfile': {'ID': 98765, 'LoginName': 'alice@example.com', 'DisplayName': 'Alice Smith'},
         'CapMap': {'example.com/cap/tka': [{'role': 'admin', 'period': '8h'}]}}
        """));

    assertEquals("nAbCdEf1CNTRL", w.nodeId());
    assertEquals("alice-laptop", w.hostname());
    assertEquals("alice-laptop.tail1234.ts.net", w.fqdn());
    assertEquals("alice@example.com", w.login());
    assertEquals("Alice Smith", w.displayName());
    assertFalse(w.isTaggedNode());
    assertEquals("8h", w.capabilities().get("example.com/cap/tka").get(0).path("period").asText());
  }

  @Test
  void taggedNodeIsTaggedWhateverItsLoginSays() throws Exception {
    WhoIs w =
        WhoIsClient.parse(
            json(
                """
        {'Node': {'StableID': 'nX', 'Name': 'prod-db-1.tail1234.ts.net.', 'Tags': ['tag:prod-db'],
                  'ComputedName': 'prod-db-1'},
         'UserProfile': {'ID': 2147455555, 'LoginName': 'tagged-devices', 'DisplayName': 'Tagged Devices'},
         'CapMap': null}
        """));

    assertTrue(w.isTaggedNode());
    assertEquals(List.of("tag:prod-db"), w.tags());
    assertEquals("prod-db-1", w.hostname());
    assertTrue(w.capabilities().isEmpty());
  }

  @Test
  void absentCapMapAndHostinfoAreTolerated() throws Exception {
    WhoIs w =
        WhoIsClient.parse(
            json(
                """
        {'Node': {'StableID': 'nY', 'Name': 'bob-laptop.tail1234.ts.net.'},
         'UserProfile': {'LoginName': 'bob@example.com'}}
        """));

    assertEquals("bob-laptop", w.hostname());
    assertTrue(w.capabilities().isEmpty());
    assertTrue(w.tags().isEmpty());
  }

  @Test
  void capGrantedWithNullValueIsAnEmptyList() throws Exception {
    WhoIs w =
        WhoIsClient.parse(
            json(
                """
        {'Node': {'StableID': 'nZ', 'Name': 'x.ts.net.'}, 'UserProfile': {'LoginName': 'x@example.com'},
         'CapMap': {'example.com/cap/a': null, 'example.com/cap/b': []}}
        """));

    assertEquals(List.of(), w.capabilities().get("example.com/cap/a"));
    assertEquals(List.of(), w.capabilities().get("example.com/cap/b"));
  }
}
