package io.tailgrant.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import io.tailgrant.config.ConfigLoader;
import io.tailgrant.config.TailGrantConfig;
import io.tailgrant.identity.CallerResolver;
import io.tailgrant.identity.WhoIsClient;
import io.tailgrant.sim.SimSeed;
import io.tailgrant.sim.SimulatedTailnet;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFSocketFactory;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The production listener: a unix socket that `tailscale serve` proxies to. Its peers are the one
 * proxy the server believes about the caller, and a tailnet peer cannot reach it at all.
 */
class UnixSocketListenerTest {
  static SimulatedTailnet sim;
  static Javalin app;
  static Path socket;
  static OkHttpClient http;

  @BeforeAll
  static void start() throws IOException {
    sim = new SimulatedTailnet(SimSeed.defaultSeed(), Instant::now).start("127.0.0.1", 0);
    TailGrantConfig config =
        ConfigLoader.load(ServerTestStack.resource("/server-test-config.yaml"));
    socket = Files.createTempDirectory("tailgrant-socket").resolve("server.sock");
    GrantService grants = new GrantService(config, null, Clock.systemUTC());
    CallerResolver callers = new CallerResolver(WhoIsClient.overTcp(sim.baseUrl()), true, false);
    app =
        TailGrantServer.create(
                grants,
                callers,
                Clock.systemUTC(),
                null,
                Optional.of("tailgrant.tail1234.ts.net"),
                socket)
            .start();
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
    http =
        new OkHttpClient.Builder()
            .socketFactory(
                new AFSocketFactory.FixedAddressSocketFactory(
                    AFUNIXSocketAddress.of(socket.toFile())))
            .dns(host -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})))
            .callTimeout(10, TimeUnit.SECONDS)
            .build();
  }

  @AfterAll
  static void stop() {
    app.stop();
    sim.close();
  }

  /** As tailscale serve sends it to a unix target: Host localhost, the browser's host forwarded. */
  static Response get(String path, Map<String, String> headers) throws IOException {
    Request.Builder b = new Request.Builder().url("http://localhost" + path);
    headers.forEach(b::header);
    return http.newCall(b.build()).execute();
  }

  @Test
  void serveOnTheSocketNamesTheCaller() throws IOException {
    String alice = sim.state().device("alice-laptop").addresses().get(0);
    try (Response r =
        get(
            "/api/v1/me",
            Map.of("X-Forwarded-For", alice, "X-Forwarded-Host", "tailgrant.tail1234.ts.net"))) {
      String body = r.body().string();
      assertEquals(200, r.code(), body);
      assertTrue(body.contains("\"login\":\"alice@example.com\""), body);
    }
  }

  @Test
  void aRequestForAnotherHostIsRefusedOnTheSocketToo() throws IOException {
    String alice = sim.state().device("alice-laptop").addresses().get(0);
    try (Response r =
        get("/api/v1/me", Map.of("X-Forwarded-For", alice, "X-Forwarded-Host", "evil.example"))) {
      String body = r.body().string();
      assertEquals(403, r.code(), body);
      assertTrue(body.contains("wrong_host"), body);
    }
  }

  @Test
  void withoutForwardedForNobodyIsIdentified() throws IOException {
    try (Response r = get("/api/v1/me", Map.of("X-Forwarded-Host", "tailgrant.tail1234.ts.net"))) {
      assertEquals(403, r.code());
    }
  }

  @Test
  void theServerListensOnNoTcpPort() {
    assertTrue(
        app.jettyServer().server().getConnectors().length == 1
            && !(app.jettyServer().server().getConnectors()[0]
                instanceof org.eclipse.jetty.server.ServerConnector),
        "only the unix-socket connector");
  }
}
