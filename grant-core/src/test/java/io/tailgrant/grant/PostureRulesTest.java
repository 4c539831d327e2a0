package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostureRulesTest {

  @ParameterizedTest
  @ValueSource(strings = {"custom:tailgrant_ssh", "custom:x", "custom:A_b_9", "custom:tka_until"})
  void validKeys(String key) {
    assertEquals(Optional.empty(), PostureRules.checkKey(key));
  }

  @Test
  void keyOfExactlyFiftyCharactersIsAllowed() {
    String key = "custom:" + "a".repeat(43);
    assertEquals(50, key.length());
    assertEquals(Optional.empty(), PostureRules.checkKey(key));
  }

  @Test
  void keyLongerThanFiftyCharactersIsRefused() {
    String key = "custom:" + "a".repeat(44);
    Optional<String> reason = PostureRules.checkKey(key);
    assertTrue(reason.isPresent());
    assertTrue(reason.get().contains("50"), reason.get());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tailgrant_ssh",
        "node:os",
        "Custom:x",
        "custom:",
        "custom:bad-key",
        "custom:a b",
        "custom:a.b",
        "custom:a:b",
        "custom:é",
        " custom:x",
        ""
      })
  void invalidKeys(String key) {
    Optional<String> reason = PostureRules.checkKey(key);
    assertTrue(reason.isPresent(), key);
    assertTrue(reason.get().contains("custom:"), reason.get());
  }

  @Test
  void nullKeyIsRefused() {
    assertTrue(PostureRules.checkKey(null).isPresent());
  }

  @Test
  void validValues() {
    for (Object v :
        new Object[] {
          true, false, 0L, 87L, 87, PostureRules.MAX_INTEGER, "granted", "v1.2_x", "a".repeat(50)
        }) {
      assertEquals(Optional.empty(), PostureRules.checkValue(v), String.valueOf(v));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"a-b", "a:b", "a b", "bob@example.com", "2026-01-01T00:00:00Z", "", "ü"})
  void invalidStringValues(String value) {
    Optional<String> reason = PostureRules.checkValue(value);
    assertTrue(reason.isPresent(), value);
    assertTrue(reason.get().contains("'-'"), reason.get());
  }

  @Test
  void stringValueLongerThanFiftyIsRefused() {
    assertTrue(PostureRules.checkValue("a".repeat(51)).isPresent());
  }

  @Test
  void integersOutsideZeroTo2Pow53AreRefused() {
    assertTrue(PostureRules.checkValue(-1L).isPresent());
    assertTrue(PostureRules.checkValue(PostureRules.MAX_INTEGER + 1).isPresent());
    assertEquals((1L << 53) - 1, PostureRules.MAX_INTEGER);
  }

  @Test
  void otherTypesAreRefused() {
    assertTrue(PostureRules.checkValue(1.5).isPresent());
    assertTrue(PostureRules.checkValue(null).isPresent());
    assertTrue(PostureRules.checkValue(java.util.List.of("a")).isPresent());
  }

  @Test
  void typeOf() {
    assertEquals("bool", PostureRules.typeOf(true));
    assertEquals("number", PostureRules.typeOf(87L));
    assertEquals("number", PostureRules.typeOf(87));
    assertEquals("string", PostureRules.typeOf("87"));
  }
}
