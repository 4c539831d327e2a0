package io.tailgrant.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tailgrant.grant.CapabilityRoles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Reading TailGrant's roles capability from a WhoIs {@code CapMap}: every well-formed value adds
 * up; a malformed one gives nothing at all and is logged, escaped, once.
 */
class RolesCapabilityTest {
  static final String CAP = "example.com/cap/tailgrant";
  static final ObjectMapper JSON = new ObjectMapper();

  private Logger logger;
  private ListAppender<ILoggingEvent> logs;

  @BeforeEach
  void capture() {
    logger = (Logger) LoggerFactory.getLogger(RolesCapability.class);
    logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logs);
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static CapabilityRoles roles(Set<String> requester, Set<String> approver, boolean admin) {
    return new CapabilityRoles(requester, approver, admin);
  }

  /** Each row: one value as the policy file's grant gives it, and what it gives. */
  static Stream<Arguments> values() {
    CapabilityRoles none = CapabilityRoles.NONE;
    return Stream.of(
        Arguments.of(
            "{\"requester\":[\"db-admin\"],\"approver\":[\"db-admin\"],\"admin\":false}",
            roles(Set.of("db-admin"), Set.of("db-admin"), false)),
        Arguments.of(
            "{\"approver\":[\"db-admin\",\"ci-deploy\"]}",
            roles(Set.of(), Set.of("db-admin", "ci-deploy"), false)),
        Arguments.of("{\"admin\":true}", roles(Set.of(), Set.of(), true)),
        Arguments.of("{}", none),
        // malformed: never partly read
        Arguments.of("{\"approver\":\"db-admin\"}", none),
        Arguments.of("{\"requester\":[\"db-admin\"],\"approver\":\"db-admin\"}", none),
        Arguments.of("{\"requester\":[\"db-admin\"],\"aprover\":[\"db-admin\"]}", none),
        Arguments.of("{\"requester\":[\"db-admin\"],\"admin\":\"true\"}", none),
        Arguments.of("{\"requester\":[\"db-admin\"],\"admin\":1}", none),
        Arguments.of("{\"approver\":[\"DB-Admin\"]}", none),
        Arguments.of("{\"approver\":[\"*\"]}", none),
        Arguments.of("{\"approver\":[42]}", none),
        Arguments.of("{\"approver\":[\"db-admin\",null]}", none),
        Arguments.of("[\"db-admin\"]", none),
        Arguments.of("\"approver\"", none),
        Arguments.of("true", none),
        Arguments.of("null", none));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void oneValue(String value, CapabilityRoles gives) {
    CapabilityRoles read =
        new RolesCapability(CAP).read("dave@example.com", Map.of(CAP, List.of(json(value))));
    assertEquals(gives, read);
    boolean malformed = gives.none() && !value.equals("{}");
    assertEquals(malformed ? 1 : 0, logs.list.size(), () -> value + " logged " + logs.list);
  }

  @Test
  void severalValuesAddUpAndAMalformedOneTakesNothingAway() {
    List<JsonNode> values =
        List.of(
            json("{\"requester\":[\"ssh-prod\"]}"),
            json("{\"approver\":\"db-admin\"}"),
            json("{\"approver\":[\"db-admin\"],\"admin\":false}"),
            json("{\"admin\":true}"));
    CapabilityRoles read = new RolesCapability(CAP).read("dave@example.com", Map.of(CAP, values));
    assertEquals(roles(Set.of("ssh-prod"), Set.of("db-admin"), true), read);
  }

  @Test
  void otherCapabilitiesAndAMissingOneGiveNothing() {
    RolesCapability reader = new RolesCapability(CAP);
    assertTrue(reader.read("dave@example.com", Map.of()).none());
    assertTrue(reader.read("dave@example.com", null).none());
    assertTrue(
        reader
            .read(
                "dave@example.com",
                Map.of("example.com/cap/tka", List.of(json("{\"admin\":true}"))))
            .none());
    assertTrue(reader.read("dave@example.com", Map.of(CAP, List.of())).none());
  }

  @Test
  void aMalformedValueIsLoggedEscapedAndOnlyOnce() {
    RolesCapability reader = new RolesCapability(CAP);
    JsonNode hostile = json("{\"approver\":\"x\\n2026-01-01 INFO forged line \\u001b[31m\"}");
    for (int i = 0; i < 5; i++) {
      assertTrue(reader.read("mallory@example.com", Map.of(CAP, List.of(hostile))).none());
    }
    assertEquals(1, logs.list.size(), logs.list::toString);
    String line = logs.list.get(0).getFormattedMessage();
    assertFalse(line.contains("\n") || line.contains("\u001b"), line);
    assertTrue(line.contains("\"mallory@example.com\""), line);
    assertTrue(line.contains("approver must be a list of grant type names"), line);
  }

  @Test
  void aFloodOfValuesIsReadOnlyUpToTheLimit() {
    List<JsonNode> values = new ArrayList<>();
    for (int i = 0; i < RolesCapability.MAX_VALUES + 10; i++) {
      values.add(json("{\"approver\":[\"type-" + i + "\"]}"));
    }
    CapabilityRoles read = new RolesCapability(CAP).read("dave@example.com", Map.of(CAP, values));
    assertEquals(RolesCapability.MAX_VALUES, read.approver().size());
    List<String> many = new ArrayList<>();
    for (int i = 0; i <= RolesCapability.MAX_TYPES; i++) {
      many.add("\"t" + i + "\"");
    }
    assertTrue(
        new RolesCapability(CAP)
            .read(
                "dave@example.com",
                Map.of(CAP, List.of(json("{\"approver\":[" + String.join(",", many) + "]}"))))
            .none());
  }
}
