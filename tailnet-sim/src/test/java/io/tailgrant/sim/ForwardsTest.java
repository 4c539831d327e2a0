package io.tailgrant.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Userspace-networking forwarding: a connection accepted on a /sim/forwards listener stands for a
 * peer's connection to this node's Tailscale IP; it reaches 127.0.0.1:toPort, and WhoIs of the
 * address the backend sees answers the peer until the connection ends.
 */
@Timeout(60)
class ForwardsTest extends SimFixture {
  private static final InetAddress LOOPBACK = loopback();
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  /** A line echo server on 127.0.0.1 that records each connection's remote address. */
  static final class EchoServer implements AutoCloseable {
    final ServerSocket server;
    final BlockingQueue<InetSocketAddress> peers = new LinkedBlockingQueue<>();

    EchoServer() throws IOException {
      server = new ServerSocket(0, 50, LOOPBACK);
      Thread t = new Thread(this::serve, "echo-" + server.getLocalPort());
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return server.getLocalPort();
    }

    InetSocketAddress nextPeer() throws InterruptedException {
      InetSocketAddress a = peers.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(a, "the backend saw no connection");
      return a;
    }

    private void serve() {
      while (true) {
        Socket s;
        try {
          s = server.accept();
        } catch (IOException e) {
          return;
        }
        peers.add((InetSocketAddress) s.getRemoteSocketAddress());
        Thread t =
            new Thread(
                () -> {
                  try (s;
                      InputStream in = s.getInputStream();
                      OutputStream out = s.getOutputStream()) {
                    in.transferTo(out); // until the peer's end of stream, then close
                  } catch (IOException e) {
                    // the peer went away
                  }
                });
        t.setDaemon(true);
        t.start();
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  @Test
  void whoisOfTheAddressTheBackendSeesAnswersTheForwardedPeerWhileTheConnectionLasts()
      throws Exception {
    try (EchoServer echo = new EchoServer()) {
      JsonNode opened =
          send(request("/sim/forwards")
                  .post(json("{\"device\":\"dave-laptop\",\"toPort\":" + echo.port() + "}")))
              .expect(200)
              .json();
      int port = opened.get("port").asInt();
      assertTrue(port > 0 && port != echo.port(), opened.toString());

      String peerAddr;
      try (Socket s = connect(port)) {
        assertEquals("hello", roundTrip(s, "hello"));
        InetSocketAddress seen = echo.nextPeer();
        assertEquals(
            "127.0.0.1", seen.getAddress().getHostAddress(), "tailscaled always dials 127.0.0.1");
        peerAddr = "127.0.0.1:" + seen.getPort();

        Resp r = whois(peerAddr).expect(200);
        assertEquals(
            whois(ipv4("dave-laptop")).expect(200).json(),
            r.json(),
            "the WhoIs of dave's own address");
        assertEquals("dave@example.com", r.json().get("UserProfile").get("LoginName").asText());
        assertEquals(nodeId("dave-laptop"), r.json().get("Node").get("StableID").asText());
        assertEquals(200, whois("[::ffff:127.0.0.1]:" + seen.getPort()).code(), "IPv4-mapped form");
        assertEquals(200, whois(peerAddr + "&proto=tcp").code());
        assertEquals(404, whois(peerAddr + "&proto=udp").code(), "registered for TCP only");
        assertEquals(404, whois("127.0.0.1").code(), "a port is needed");
      }
      Resp after = awaitWhoisStatus(peerAddr, 404);
      assertEquals("no match for IP:port", after.body().trim());
    }
  }

  @Test
  void eachConnectionIsItsOwnRegistration() throws Exception {
    try (EchoServer echo = new EchoServer()) {
      int port = sim.forward("alice-laptop", echo.port());
      try (Socket first = connect(port)) {
        assertEquals("one", roundTrip(first, "one"));
        String a = "127.0.0.1:" + echo.nextPeer().getPort();
        Socket second = connect(port);
        assertEquals("two", roundTrip(second, "two"));
        String b = "127.0.0.1:" + echo.nextPeer().getPort();
        assertNotEquals(a, b);
        first.close();
        awaitWhoisStatus(a, 404);
        assertEquals(
            "alice@example.com",
            whois(b).expect(200).json().get("UserProfile").get("LoginName").asText());
        second.close();
        awaitWhoisStatus(b, 404);
      }
    }
  }

  @Test
  void javaApiTakesANodeIdAndForwardsASharedInPeer() throws Exception {
    try (EchoServer echo = new EchoServer()) {
      int port = sim.forward(nodeId("eve-laptop"), echo.port());
      try (Socket s = connect(port)) {
        roundTrip(s, "hi");
        JsonNode w = whois("127.0.0.1:" + echo.nextPeer().getPort()).expect(200).json();
        assertEquals("eve@partner.example", w.get("UserProfile").get("LoginName").asText());
        assertEquals(
            sim.state().userId("paul@partner.example"), w.get("Node").get("Sharer").asLong());
      }
    }
  }

  @Test
  void anHttpBackendResolvesItsCallerFromTheRemoteAddressItSees() throws Exception {
    HttpServer backend = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
    backend.createContext(
        "/",
        exchange -> {
          Resp w = whois("127.0.0.1:" + exchange.getRemoteAddress().getPort());
          byte[] body =
              (w.code() == 200 ? w.json().get("UserProfile").get("LoginName").asText() : "unknown")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    backend.start();
    try {
      int port = sim.forward("bob-laptop", backend.getAddress().getPort());
      Resp r =
          send(new okhttp3.Request.Builder().url("http://127.0.0.1:" + port + "/whoami"))
              .expect(200);
      assertEquals("bob@example.com", r.body());
    } finally {
      backend.stop(0);
    }
  }

  @Test
  void aFailedDialResetsThePeersConnection() throws Exception {
    int nothing;
    try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
      nothing = s.getLocalPort();
    }
    int port = sim.forward("dave-laptop", nothing);
    try (Socket s = connect(port)) {
      SocketException e = assertThrows(SocketException.class, () -> s.getInputStream().read());
      assertTrue(e.getMessage().toLowerCase().contains("reset"), e.getMessage());
    }
  }

  @Test
  void deletingAForwardClosesItsListenerAndConnectionsAndForgetsTheirIdentities() throws Exception {
    try (EchoServer echo = new EchoServer()) {
      int port = sim.forward("dave-laptop", echo.port());
      try (Socket s = connect(port)) {
        roundTrip(s, "x");
        String peerAddr = "127.0.0.1:" + echo.nextPeer().getPort();
        whois(peerAddr).expect(200);

        send(request("/sim/forwards/" + port).delete()).expect(204);
        whois(peerAddr).expect(404);
        assertEquals(-1, readOrEnd(s), "the peer's connection is closed");
        assertThrows(ConnectException.class, () -> connect(port).close());
      }
      assertTrue(
          send(request("/sim/forwards/" + port).delete())
              .expect(404)
              .json()
              .get("message")
              .isTextual());
    }
  }

  @Test
  void closingTheSimulatorStopsEveryForward() throws Exception {
    try (EchoServer echo = new EchoServer()) {
      int a = sim.forward("alice-laptop", echo.port());
      int b = sim.forward("bob-laptop", echo.port());
      sim.close();
      assertThrows(ConnectException.class, () -> connect(a).close());
      assertThrows(ConnectException.class, () -> connect(b).close());
    }
  }

  @Test
  void unknownDeviceGets404AndBadPortsGet400() {
    Resp unknown =
        send(request("/sim/forwards").post(json("{\"device\":\"nope-laptop\",\"toPort\":8080}")))
            .expect(404);
    assertTrue(unknown.json().get("message").isTextual(), unknown.body());
    for (String body :
        new String[] {
          "{\"device\":\"dave-laptop\",\"toPort\":0}",
          "{\"device\":\"dave-laptop\",\"toPort\":65536}",
          "{\"device\":\"dave-laptop\",\"toPort\":\"8080\"}",
          "{\"device\":\"dave-laptop\"}",
          "{\"toPort\":8080}",
          "[]"
        }) {
      Resp r = send(request("/sim/forwards").post(json(body))).expect(400);
      assertTrue(r.json().get("message").isTextual(), body + " -> " + r.body());
    }
    assertEquals(
        404, assertThrows(SimApiError.class, () -> sim.forward("nope-laptop", 8080)).status());
    assertEquals(
        400, assertThrows(SimApiError.class, () -> sim.forward("dave-laptop", -1)).status());
    send(request("/sim/forwards/not-a-port").delete()).expect(400);
  }

  @Test
  void unregisteredLoopbackAddressesAreNoMatch() {
    assertEquals("no match for IP:port", whois("127.0.0.1:1").expect(404).body().trim());
    whois("[::1]:1").expect(404);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static Socket connect(int port) throws IOException {
    Socket s = new Socket(LOOPBACK, port);
    s.setSoTimeout((int) DEADLINE.toMillis());
    return s;
  }

  private static String roundTrip(Socket s, String line) throws IOException {
    s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    s.getOutputStream().flush();
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
        .readLine();
  }

  private static int readOrEnd(Socket s) {
    try {
      return s.getInputStream().read();
    } catch (SocketException e) {
      return -1; // reset: ended too
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Asks WhoIs until it answers {@code status} (a connection's identity goes once both directions
   * are done).
   */
  private Resp awaitWhoisStatus(String addr, int status) {
    Instant deadline = Instant.now().plus(DEADLINE);
    Resp r = whois(addr);
    while (r.code() != status && Instant.now().isBefore(deadline)) {
      r = whois(addr);
    }
    return r.expect(status);
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
