package io.tailgrant.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogSafeTest {

  @Test
  void controlCharactersAreEscapedAndPlainTextIsKept() {
    assertEquals("\"plain text, ünïcode ok\"", LogSafe.quote("plain text, ünïcode ok"));
    assertEquals(
        "\"a\\nb\\rc\\td\\u001b[31m\\u007f\\u0085\"",
        LogSafe.quote("a\nb\rc\td\u001b[31m\u007f\u0085"));
    assertEquals("\"\\\"quoted\\\" \\\\ back\"", LogSafe.quote("\"quoted\" \\ back"));
    assertEquals("\"\\u2028\\u2029\\u202e\\u2066\"", LogSafe.quote("\u2028\u2029\u202e\u2066"));
    assertEquals("null", LogSafe.quote(null));
  }

  @Test
  void longValuesAreCutAndCounted() {
    String q = LogSafe.quote("y".repeat(LogSafe.MAX_LENGTH + 5));
    assertTrue(q.endsWith("...(5 more characters)\""), q.substring(q.length() - 40));
  }
}
