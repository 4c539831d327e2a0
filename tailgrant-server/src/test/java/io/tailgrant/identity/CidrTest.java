package io.tailgrant.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "10.42.0.0/16, 10.42.7.9, true",
    "10.42.0.0/16, 10.43.0.1, false",
    "10.42.0.0/16, 10.42.255.255, true",
    "10.42.0.5, 10.42.0.5, true",
    "10.42.0.5, 10.42.0.6, false",
    "0.0.0.0/0, 192.0.2.1, true",
    "fd7a:115c:a1e0::/48, fd7a:115c:a1e0:ab12::1, true",
    "fd7a:115c:a1e0::/48, [fd7a:115c:a1e0:ab12::1], true",
    "fd7a:115c:a1e0::/48, fd7a:115c:a1e1::1, false",
    "10.0.0.0/8, fd7a:115c:a1e0::1, false",
    "10.0.0.0/8, not-an-ip, false",
    "10.0.0.0/8, localhost, false",
  })
  void containsExactlyItsAddresses(String cidr, String ip, boolean expected) {
    if (expected) {
      assertTrue(Cidr.parse(cidr).contains(ip));
    } else {
      assertFalse(Cidr.parse(cidr).contains(ip));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"10.0.0.0/33", "::/129", "10.0.0.0/x", "example.com/8", "", "10.0.0.0/-1"})
  void refusesWhatIsNotANetwork(String text) {
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
  }
}
