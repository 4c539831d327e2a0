package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whoever reaches Temporal can read every history and terminate workflows: the dev stack's embedded
 * Temporal answers on loopback and on no other address of the machine.
 */
class LoopbackTemporalTest {

  @Test
  void theEmbeddedTemporalIsReachableOnLoopbackOnly() throws IOException {
    List<InetAddress> others =
        Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
            .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
            .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
            .toList();
    assumeFalse(others.isEmpty(), "this machine has no address but loopback");
    try (LoopbackTemporal temporal = LoopbackTemporal.start(0)) {
      try (Socket ok = new Socket()) {
        ok.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), temporal.port()), 2000);
      }
      for (InetAddress other : others) {
        assertThrows(
            ConnectException.class,
            () -> {
              try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(other, temporal.port()), 2000);
              }
            },
            "Temporal answers on " + other.getHostAddress());
      }
    }
  }
}
