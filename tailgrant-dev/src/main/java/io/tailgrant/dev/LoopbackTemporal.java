package io.tailgrant.dev;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The embedded Temporal server of the dev stack, on loopback only. Temporal's own launcher ({@code
 * TestServer.createPortBoundServer}) binds every interface without TLS or auth, and anyone who
 * reaches Temporal can read history and send workflows any input: on a laptop on a café's Wi-Fi
 * that would be everybody. The same services, bound to 127.0.0.1.
 */
public final class LoopbackTemporal implements Closeable {
  private final TestServicesStarter services;
  private final Server server;

  private LoopbackTemporal(TestServicesStarter services, Server server) {
    this.services = services;
    this.server = server;
  }

  /** Starts Temporal's test server on 127.0.0.1:{@code port} (0: a free port), in real time. */
  public static LoopbackTemporal start(int port) {
    // Time skipping locked, as TestServer.createPortBoundServer does: the dev stack runs in real
    // time.
    TestServicesStarter services = new TestServicesStarter(true, 0);
    TimerLockLog.install(services);
    try {
      NettyServerBuilder builder =
          NettyServerBuilder.forAddress(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
              InsecureServerCredentials.create());
      // gRPC's 4 MB inbound limit stays, as on a Temporal cluster: a message too big here (a
      // directory task answering many large queries) would be refused in production too.
      GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
      return new LoopbackTemporal(services, builder.build().start());
    } catch (IOException e) {
      services.close();
      throw new UncheckedIOException(
          "cannot start the embedded Temporal on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    services.close();
  }
}
