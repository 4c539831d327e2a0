package io.tailgrant.authkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How keys name their grant, how long they live, and which devices joined with them. */
class AuthKeyRulesTest {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void aKeyNamesItsGrantWithinTailscalesDescriptionRules() {
    String d = AuthKeyRules.description("g-7kq2m9xa4trc");
    assertEquals("tailgrant g-7kq2m9xa4trc", d);
    assertTrue(d.length() <= 50 && d.matches("[A-Za-z0-9 -]+"));
    assertEquals(Optional.of("g-7kq2m9xa4trc"), AuthKeyRules.grantOf(d));
  }

  @Test
  void keysOfOthersAreNotOurs() {
    assertEquals(Optional.empty(), AuthKeyRules.grantOf("dev access"));
    assertEquals(Optional.empty(), AuthKeyRules.grantOf("tailgrant credential check"));
    assertEquals(Optional.empty(), AuthKeyRules.grantOf(null));
    assertThrows(IllegalArgumentException.class, () -> AuthKeyRules.description("g-x;rm"));
  }

  @Test
  void aKeyNeverOutlivesItsGrant() {
    assertEquals(
        Optional.of(1799L),
        AuthKeyRules.expirySeconds(NOW, NOW.plus(Duration.ofMinutes(30)).minusMillis(500)));
    assertEquals(Optional.empty(), AuthKeyRules.expirySeconds(NOW, NOW.plusMillis(999)));
    assertEquals(
        Optional.of(AuthKeyRules.MAX_LIFETIME.toSeconds()),
        AuthKeyRules.expirySeconds(NOW, NOW.plus(Duration.ofDays(400))));
  }

  @Test
  void aDeviceJoinedWithTheKeyWhenItCarriesExactlyItsTagsAndCameWhileItWasValid() {
    Instant to = NOW.plus(Duration.ofMinutes(30));
    List<String> key = List.of("tag:ci");
    assertTrue(AuthKeyRules.joinedWith(List.of("tag:ci"), NOW.plusSeconds(5), key, NOW, to));
    assertFalse(AuthKeyRules.joinedWith(List.of("tag:ci"), NOW.minusSeconds(5), key, NOW, to));
    assertFalse(AuthKeyRules.joinedWith(List.of("tag:ci"), to.plusSeconds(1), key, NOW, to));
    assertFalse(
        AuthKeyRules.joinedWith(List.of("tag:ci", "tag:prod"), NOW.plusSeconds(5), key, NOW, to));
    assertFalse(AuthKeyRules.joinedWith(List.of(), NOW.plusSeconds(5), key, NOW, to));
  }
}
