package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.lang.reflect.Field;
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

  @Test
  void theEmbeddedTemporalsTimerLockLogStaysShort() throws Exception {
    TestServicesStarter services = new TestServicesStarter(true, 0);
    try {
      assertTrue(TimerLockLog.install(services), "this Temporal's internals are as expected");
      Object timer = field(services, "selfAdvancingTimer");
      assertTrue(field(timer, "lockEvents") instanceof TimerLockLog);
    } finally {
      services.close();
    }
    TimerLockLog log = new TimerLockLog();
    Object first = new Object();
    log.add(first);
    for (int i = 0; i < 10 * TimerLockLog.KEPT; i++) {
      log.add(new Object());
    }
    assertEquals(TimerLockLog.KEPT, log.size());
    assertTrue(log.remove(first), "an unlock whose entry was let go is not refused");
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field f = owner.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(owner);
  }
}
