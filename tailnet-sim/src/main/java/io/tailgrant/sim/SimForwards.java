package io.tailgrant.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * tailscaled's userspace-networking forwarder (wgengine/netstack acceptTCP and forwardTCP), one
 * listener per simulated peer. A connection accepted on the listener stands for a tailnet peer's
 * TCP connection to this node's own Tailscale IP on a port that {@code tailscale serve} does not
 * handle: it is forwarded to {@code 127.0.0.1:<toPort>} (always 127.0.0.1, as tailscaled does), and
 * the local address of that outgoing connection is registered as the peer's identity until the
 * connection ends, so LocalAPI WhoIs of what the backend sees as its remote address answers the
 * peer.
 *
 * <p>As tailscaled: the dial happens before the peer's connection is used, a failed dial resets it,
 * the identity is registered after the dial and before any byte is forwarded, and each direction is
 * half-closed on its own (end of stream on one side shuts down output on the other); the connection
 * and its identity go when both directions are done, or when either fails.
 */
final class SimForwards implements AutoCloseable {
  private static final InetAddress LOOPBACK = loopback();
  private static final int DIAL_TIMEOUT_MS = 10_000;

  private final TailnetState state;
  private final Map<Integer, Forward> forwards = new ConcurrentHashMap<>();

  SimForwards(TailnetState state) {
    this.state = state;
  }

  /**
   * Opens a listener on 127.0.0.1 that forwards as {@code device} (host name or node id) to {@code
   * 127.0.0.1:toPort}.
   */
  int open(String device, int toPort) {
    if (toPort < 1 || toPort > 65535) {
      throw SimApiError.badRequest("toPort must be between 1 and 65535");
    }
    if (device == null || device.isBlank()) {
      throw SimApiError.badRequest("device is required");
    }
    String nodeId =
        state.findDevice(device).orElseThrow(() -> SimApiError.notFound("device")).nodeId();
    ServerSocket listener;
    try {
      listener = new ServerSocket(0, 50, LOOPBACK);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
    }
    Forward f = new Forward(listener, nodeId, toPort);
    forwards.put(listener.getLocalPort(), f);
    daemon("sim-forward-" + listener.getLocalPort(), f::acceptLoop).start();
    return listener.getLocalPort();
  }

  /** Stops one listener and every connection it forwards. */
  void stop(int port) {
    Forward f = forwards.remove(port);
    if (f == null) {
      throw SimApiError.notFound("forward");
    }
    f.close();
  }

  @Override
  public void close() {
    for (Integer port : Set.copyOf(forwards.keySet())) {
      Forward f = forwards.remove(port);
      if (f != null) {
        f.close();
      }
    }
  }

  private final class Forward {
    private final ServerSocket listener;
    private final String nodeId;
    private final int toPort;
    private final Set<Connection> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Forward(ServerSocket listener, String nodeId, int toPort) {
      this.listener = listener;
      this.nodeId = nodeId;
      this.toPort = toPort;
    }

    void acceptLoop() {
      while (!closed) {
        Socket client;
        try {
          client = listener.accept();
        } catch (IOException e) {
          return; // closed
        }
        Connection c = new Connection(client);
        live.add(c);
        if (closed) {
          c.close();
          return;
        }
        daemon(
                "sim-forward-" + listener.getLocalPort() + "-conn",
                () -> {
                  try {
                    c.run(nodeId, toPort);
                  } finally {
                    live.remove(c);
                  }
                })
            .start();
      }
    }

    void close() {
      closed = true;
      quietly(listener::close);
      live.forEach(Connection::close);
    }
  }

  private final class Connection {
    private final Socket client;
    private final Socket backend = new Socket();
    private volatile TailnetState.IdentityRegistration identity;

    Connection(Socket client) {
      this.client = client;
    }

    void run(String nodeId, int toPort) {
      try {
        backend.connect(new InetSocketAddress(LOOPBACK, toPort), DIAL_TIMEOUT_MS);
      } catch (IOException e) {
        reset(client); // tailscaled completes the peer's handshake with a RST
        quietly(backend::close);
        return;
      }
      try {
        // The peer's address as tailscaled sees it: its Tailscale IP (now, in case it was
        // re-addressed).
        String peerIp = state.device(nodeId).addresses().get(0);
        identity =
            state.registerIPPortIdentity("tcp", "127.0.0.1:" + backend.getLocalPort(), peerIp);
        Thread back =
            daemon(Thread.currentThread().getName() + "-back", () -> pipe(backend, client));
        back.start();
        pipe(client, backend);
        back.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        // the device is gone: nothing to forward as
      } finally {
        close();
      }
    }

    /** Copies one direction; end of stream half-closes the other side, a failure ends both. */
    private void pipe(Socket from, Socket to) {
      byte[] buf = new byte[16 * 1024];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        for (int n; (n = in.read(buf)) >= 0; ) {
          out.write(buf, 0, n);
          out.flush();
        }
        quietly(to::shutdownOutput);
        quietly(from::shutdownInput);
      } catch (IOException e) {
        close();
      }
    }

    void close() {
      quietly(client::close);
      quietly(backend::close);
      TailnetState.IdentityRegistration r = identity;
      if (r != null) {
        r.close();
      }
    }
  }

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (SocketException e) {
      // closing plainly is the best left to do
    }
    quietly(s::close);
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static void quietly(IoAction a) {
    try {
      a.run();
    } catch (IOException e) {
      // already closed or reset
    }
  }

  private static Thread daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
