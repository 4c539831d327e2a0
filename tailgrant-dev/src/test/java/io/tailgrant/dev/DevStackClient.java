package io.tailgrant.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** Talks to a running dev stack the way the README's curl steps do. */
final class DevStackClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  final int serverPort;
  final int simPort;

  DevStackClient(int serverPort, int simPort) {
    this.serverPort = serverPort;
    this.simPort = simPort;
  }

  private static final java.util.Set<Integer> HANDED_OUT =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private static final java.util.Random RANDOM = new java.util.Random();

  /**
   * A port to start a dev-stack component on. Picked below Linux's ephemeral range (32768 and up),
   * so a component that binds port 0 (or an outgoing connection) can never take it in between.
   */
  static int freePort() throws IOException {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20000 + RANDOM.nextInt(12000);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException inUse) {
        // taken: try another
      }
    }
    throw new IOException("no free port found between 20000 and 32000");
  }

  JsonNode api(String method, String path, String device, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + path))
            .timeout(Duration.ofSeconds(30))
            .header("X-TailGrant-Dev-Device", device)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new AssertionError(method + " " + path + " -> " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** A /sim control call; returns the parsed answer. */
  JsonNode sim(String method, String path, String body) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simPort + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    return JSON.readTree(http.send(req, HttpResponse.BodyHandlers.ofString()).body());
  }

  JsonNode simJson(String path) throws Exception {
    return sim("GET", path, null);
  }

  /** How many calls the simulated API has seen on one route. */
  long calls(String methodAndRoute) throws Exception {
    return simJson("/sim/calls").path(methodAndRoute).asLong();
  }

  JsonNode simDevice(String name) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simPort + "/sim/devices/" + name))
            .build();
    return JSON.readTree(http.send(req, HttpResponse.BodyHandlers.ofString()).body());
  }

  /** Polls {@code read} until {@code done} holds, for at most {@code limit} of real time. */
  static JsonNode poll(Duration limit, ThrowingSupplier read, Predicate<JsonNode> done)
      throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    JsonNode last = read.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within " + limit + "; last: " + last);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // poll interval
      last = read.get();
    }
    return last;
  }

  /** A supplier that may throw, for polling HTTP reads. */
  interface ThrowingSupplier {
    JsonNode get() throws Exception;
  }
}
