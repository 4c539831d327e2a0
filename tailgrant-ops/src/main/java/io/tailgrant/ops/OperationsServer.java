package io.tailgrant.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations listener of a server or worker process: {@code /metrics} (Prometheus), {@code
 * /healthz} (the process is alive) and {@code /readyz} (every readiness check passes). Separate
 * from the tailnet-facing web server so probes and scrapes need no tailnet identity.
 */
public final class OperationsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OperationsServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Readiness is cached this long, so frequent probes do not hammer Temporal or the Tailscale API.
   */
  static final Duration READINESS_CACHE = Duration.ofSeconds(5);

  private final HttpServer http;
  private final List<ReadinessCheck> checks;
  private final Clock clock;
  private Instant checkedAt = Instant.EPOCH;
  private Map<String, String> lastResults = Map.of();

  private OperationsServer(HttpServer http, List<ReadinessCheck> checks, Clock clock) {
    this.http = http;
    this.checks = List.copyOf(checks);
    this.clock = clock;
  }

  /** Listens on {@code hostPort} (e.g. {@code 0.0.0.0:9090}; port 0 picks a free one). */
  public static OperationsServer start(
      String hostPort, PrometheusMeterRegistry registry, List<ReadinessCheck> checks)
      throws IOException {
    int colon = hostPort.lastIndexOf(':');
    InetSocketAddress address =
        new InetSocketAddress(
            hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    HttpServer http = HttpServer.create(address, 16);
    OperationsServer ops = new OperationsServer(http, checks, Clock.systemUTC());
    http.createContext(
        "/metrics",
        ex -> ops.respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    http.createContext(
        "/healthz", ex -> ops.respond(ex, 200, "application/json", "{\"status\":\"ok\"}"));
    http.createContext("/readyz", ops::ready);
    http.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "tailgrant-ops");
              t.setDaemon(true);
              return t;
            }));
    http.start();
    log.info("operations listener on {} (/metrics, /healthz, /readyz)", ops.address());
    return ops;
  }

  /**
   * Starts the listener when {@code listen} is set (config {@code operations.listen} or a flag);
   * null otherwise.
   */
  public static OperationsServer startIfWanted(String listen, List<ReadinessCheck> checks) {
    if (listen == null || listen.isBlank()) {
      return null;
    }
    try {
      return start(listen, OperationsMetrics.registry(), checks);
    } catch (IOException e) {
      throw new IllegalStateException(
          "operations.listen " + listen + ": cannot listen: " + e.getMessage(), e);
    }
  }

  public String address() {
    return http.getAddress().getHostString() + ":" + http.getAddress().getPort();
  }

  public int port() {
    return http.getAddress().getPort();
  }

  /** The result of every check (name → "ok" or the reason), cached briefly. */
  public synchronized Map<String, String> readiness() {
    Instant now = clock.instant();
    if (now.isBefore(checkedAt.plus(READINESS_CACHE))) {
      return lastResults;
    }
    Map<String, String> results = new LinkedHashMap<>();
    for (ReadinessCheck c : checks) {
      try {
        c.check();
        results.put(c.name(), "ok");
      } catch (Exception e) {
        results.put(
            c.name(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      }
    }
    checkedAt = now;
    lastResults = results;
    return results;
  }

  private void ready(HttpExchange ex) throws IOException {
    Map<String, String> results = readiness();
    boolean ok = results.values().stream().allMatch("ok"::equals);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ok ? "ready" : "not ready");
    body.put("checks", results);
    respond(ex, ok ? 200 : 503, "application/json", JSON.writeValueAsString(body));
  }

  private void respond(HttpExchange ex, int status, String type, String body) throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        byte[] refused =
            "{\"error\":\"method_not_allowed\",\"message\":\"only GET\"}"
                .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(405, refused.length);
        ex.getResponseBody().write(refused);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      boolean head = ex.getRequestMethod().equals("HEAD");
      ex.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
