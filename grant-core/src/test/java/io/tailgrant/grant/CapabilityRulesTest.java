package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapabilityRulesTest {
  private static final String CAP = "example.com/cap/tka";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, List<JsonNode>> capMap(String... entries) throws Exception {
    List<JsonNode> list = new ArrayList<>();
    for (String e : entries) {
      list.add(JSON.readTree(e.replace('\'', '"')));
    }
    return Map.of(CAP, list);
  }

  /**
   * The priority table: entries (role:priority, ...) → the winner, or the HTTP status TKA answers.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "view:10                    | view",
        "view:10, cluster-admin:20  | cluster-admin",
        "cluster-admin:20, view:10  | cluster-admin",
        "view:-1, edit:0            | edit",
        "view:5, edit:5             | 400",
        "admin:30, view:5, edit:5   | 400",
        "view                       | view",
      })
  void highestPriorityWinsAndEqualPrioritiesConflict(String entries, String expected)
      throws Exception {
    List<String> json = new ArrayList<>();
    for (String e : entries.split(",")) {
      String[] rp = e.trim().split(":");
      json.add(
          "{'role':'"
              + rp[0]
              + "','period':'1h'"
              + (rp.length > 1 ? ",'priority':" + rp[1] : "")
              + "}");
    }
    Map<String, List<JsonNode>> map = capMap(json.toArray(String[]::new));
    if (expected.matches("\\d+")) {
      Refusal r = assertThrows(Refusal.class, () -> CapabilityRules.resolve(CAP, map));
      assertEquals(Integer.parseInt(expected), r.kind().httpStatus);
      assertEquals("capability_conflict", r.code());
    } else {
      assertEquals(expected, CapabilityRules.resolve(CAP, map).role());
    }
  }

  @Test
  void noCapabilityIsForbidden() {
    Refusal none = assertThrows(Refusal.class, () -> CapabilityRules.resolve(CAP, Map.of()));
    assertEquals(403, none.kind().httpStatus);
    Refusal other =
        assertThrows(
            Refusal.class,
            () ->
                CapabilityRules.resolve(
                    CAP,
                    Map.of(
                        "example.com/cap/other",
                        List.of(JSON.createObjectNode().put("role", "x").put("period", "1h")))));
    assertEquals(403, other.kind().httpStatus);
  }

  @Test
  void periodIsReadAsADuration() throws Exception {
    assertEquals(
        Duration.ofMinutes(90),
        CapabilityRules.resolve(CAP, capMap("{'role':'view','period':'1h30m'}")).period());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'period':'1h'}",
        "{'role':'','period':'1h'}",
        "{'role':'view'}",
        "{'role':'view','period':'soon'}",
        "{'role':'view','period':'1h','priority':'high'}",
        "['view']",
      })
  void unreadableEntriesAreBadRequests(String entry) throws Exception {
    Refusal r = assertThrows(Refusal.class, () -> CapabilityRules.resolve(CAP, capMap(entry)));
    assertEquals(400, r.kind().httpStatus);
    assertEquals("capability_invalid", r.code());
  }
}
