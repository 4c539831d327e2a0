package io.tailgrant.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Metrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OperationsServerTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicReference<String> temporalProblem = new AtomicReference<>();
  private final AtomicInteger checks = new AtomicInteger();
  private OperationsServer ops;

  @BeforeEach
  void start() {
    ops =
        OperationsServer.startIfWanted(
            "127.0.0.1:0",
            List.of(
                ReadinessCheck.of(
                    "temporal",
                    () -> {
                      checks.incrementAndGet();
                      if (temporalProblem.get() != null) {
                        throw new IllegalStateException(temporalProblem.get());
                      }
                    }),
                ReadinessCheck.of("always", () -> {})));
  }

  @AfterEach
  void stop() {
    ops.close();
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthzAnswersWhileTheProcessLives() throws Exception {
    temporalProblem.set("down");
    HttpResponse<String> r = send("GET", "/healthz");
    assertEquals(200, r.statusCode());
    assertEquals("{\"status\":\"ok\"}", r.body());
  }

  @Test
  void readyzNamesEveryCheckAndFailsWithTheReason() throws Exception {
    HttpResponse<String> ok = send("GET", "/readyz");
    assertEquals(200, ok.statusCode(), ok.body());
    JsonNode body = new ObjectMapper().readTree(ok.body());
    assertEquals("ready", body.get("status").asText());
    assertEquals("ok", body.get("checks").get("temporal").asText());
    assertEquals("ok", body.get("checks").get("always").asText());
  }

  @Test
  void failingCheckMakesReadyz503() throws Exception {
    temporalProblem.set("UNAVAILABLE: connection refused");
    HttpResponse<String> r = send("GET", "/readyz");
    assertEquals(503, r.statusCode());
    JsonNode body = new ObjectMapper().readTree(r.body());
    assertEquals("not ready", body.get("status").asText());
    assertEquals("UNAVAILABLE: connection refused", body.get("checks").get("temporal").asText());
    assertEquals("ok", body.get("checks").get("always").asText());
  }

  @Test
  void readinessIsCachedSoProbesDoNotHammerDependencies() throws Exception {
    send("GET", "/readyz");
    send("GET", "/readyz");
    send("GET", "/readyz");
    assertEquals(1, checks.get());
  }

  @Test
  void metricsServesPrometheusTextWithMetersFromTheGlobalRegistry() throws Exception {
    OperationsMetrics.registry();
    Metrics.counter("tailgrant.test.pings", "kind", "x").increment(3);
    HttpResponse<String> r = send("GET", "/metrics");
    assertEquals(200, r.statusCode());
    assertTrue(
        r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
        r.headers().toString());
    assertTrue(
        r.body().contains("tailgrant_test_pings_total{application=\"tailgrant\",kind=\"x\"} 3.0"),
        r.body());
    assertTrue(r.body().contains("jvm_memory_used_bytes"), "JVM metrics are bound");
  }

  @Test
  void onlyGetAndHeadAreAnswered() throws Exception {
    assertEquals(405, send("POST", "/metrics").statusCode());
    HttpResponse<String> head = send("HEAD", "/healthz");
    assertEquals(200, head.statusCode());
    assertEquals("", head.body());
  }

  @Test
  void noListenerWithoutAnAddress() {
    assertEquals(null, OperationsServer.startIfWanted(null, List.of()));
    assertEquals(null, OperationsServer.startIfWanted(" ", List.of()));
  }
}
