package io.tailgrant.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogFormatTest {
  private static final String PROPERTY = "logback.configurationFile";

  @AfterEach
  void clear() {
    System.clearProperty(PROPERTY);
  }

  @Test
  void theFlagPicksTheJsonConfigAndIsNotPassedOn() {
    String[] rest =
        LogFormat.apply(
            new String[] {"worker", "--log-format", "json", "--config", "c.yaml"}, null);
    assertArrayEquals(new String[] {"worker", "--config", "c.yaml"}, rest);
    assertEquals(LogFormat.JSON_CONFIG, System.getProperty(PROPERTY));
    assertNotNull(
        LogFormatTest.class.getResource("/" + LogFormat.JSON_CONFIG),
        "the JSON config is packaged");
  }

  @Test
  void theEnvironmentWorksAndTheFlagWins() {
    LogFormat.apply(new String[] {"server"}, "json");
    assertEquals(LogFormat.JSON_CONFIG, System.getProperty(PROPERTY));
    System.clearProperty(PROPERTY);
    LogFormat.apply(new String[] {"server", "--log-format", "text"}, "json");
    assertNull(System.getProperty(PROPERTY));
  }

  @Test
  void textIsTheDefault() {
    assertArrayEquals(new String[] {"dev"}, LogFormat.apply(new String[] {"dev"}, null));
    assertNull(System.getProperty(PROPERTY));
  }
}
