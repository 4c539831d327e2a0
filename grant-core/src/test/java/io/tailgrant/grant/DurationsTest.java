package io.tailgrant.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "90m, PT1H30M",
    "1h30m, PT1H30M",
    "20s, PT20S",
    "PT1H30M, PT1H30M",
    "pt1h30m, PT1H30M",
    "2h, PT2H",
    "1d, PT24H",
    "1d2h3m4s, PT26H3M4S",
    "P1D, PT24H",
    "'  45m ', PT45M",
  })
  void parsesShortAndIsoForms(String text, String expected) {
    assertEquals(Optional.of(Duration.parse(expected)), Durations.parse(text));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "abc", "0s", "0h0m", "-5m", "PT0S", "PT-5M", "-PT5M", "90", "m", "1.5h", "1h 30m", "30m1h",
        "5 m", "5min", "   ", "P", "PTH"
      })
  void rejectsAnythingThatIsNotAPositiveDuration(String text) {
    assertEquals(Optional.empty(), Durations.parse(text));
  }

  @Test
  void overflowOfDaysIsRejected() {
    assertEquals(Optional.empty(), Durations.parse("999999999999999d"));
  }

  @Test
  void numberTooLongForALongIsRejected() {
    assertEquals(Optional.empty(), Durations.parse("99999999999999999999h"));
  }

  @ParameterizedTest
  @CsvSource({
    "PT1H30M, 1h30m",
    "PT20S, 20s",
    "PT2H, 2h",
    "PT1H5S, 1h5s",
    "PT26H, 26h",
    "PT0S, 0s",
  })
  void formatsShortForm(String iso, String expected) {
    assertEquals(expected, Durations.format(Duration.parse(iso)));
  }

  @Test
  void formatThenParseRoundTrips() {
    for (String s : new String[] {"1h30m", "20s", "2h", "45m", "1h5s"}) {
      Duration d = Durations.parse(s).orElseThrow();
      assertEquals(d, Durations.parse(Durations.format(d)).orElseThrow(), s);
    }
    assertTrue(Durations.parse("PT1H").isPresent());
  }
}
