package io.tailgrant.notify;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tailgrant.notify.DeliveryResult.Status;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Slack, Teams and generic webhook senders against a local MockWebServer. */
class HttpSendersTest {
  private static final String TOKEN_PATH = "/services/T0001/B0002/XXXXSECRETTOKENXXXX";
  private static final String TOKEN_QUERY = "sig=TOPSECRETSIG";
  private static final String SIGNING_SECRET = "whsec-signing-secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  private MockWebServer server;
  private Secret url;
  private ListAppender<ILoggingEvent> logs;
  private Logger logger;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    url = Secret.of(server.url(TOKEN_PATH + "?" + TOKEN_QUERY).toString());
    logger = (Logger) LoggerFactory.getLogger("io.tailgrant.notify");
    logger.setLevel(Level.DEBUG);
    logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(logs);
    logger.setLevel(null);
    server.close();
    for (ILoggingEvent e : logs.list) {
      assertNoSecret(e.getFormattedMessage());
    }
  }

  private static void assertNoSecret(String text) {
    assertFalse(text.contains("XXXXSECRETTOKENXXXX"), "token path leaked: " + text);
    assertFalse(text.contains("TOPSECRETSIG"), "query leaked: " + text);
    assertFalse(text.contains(SIGNING_SECRET), "signing secret leaked: " + text);
  }

  private static void assertSafe(DeliveryResult r) {
    assertNoSecret(r.message());
    assertNoSecret(r.toString());
  }

  private SlackSender slack(Duration timeout) {
    return new SlackSender(new SlackSender.Config(url, timeout), null);
  }

  private WebhookSender webhook() {
    return new WebhookSender(
        new WebhookSender.Config(url, Secret.of(SIGNING_SECRET)),
        null,
        Clock.fixed(Fixtures.NOW, ZoneOffset.UTC));
  }

  @Test
  void slackPostsTheBlockKitPayload() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("ok").build());
    Notification n = Fixtures.hostile(EventKind.REQUEST_WAITING);
    DeliveryResult r = slack(null).send(n);
    assertEquals(Status.DELIVERED, r.status());
    assertEquals(200, r.statusCode());
    RecordedRequest req = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("POST", req.getMethod());
    assertEquals(TOKEN_PATH + "?" + TOKEN_QUERY, req.getTarget());
    assertEquals("application/json; charset=utf-8", req.getHeaders().get("Content-Type"));
    assertEquals(SlackMessage.payload(n), JSON.readTree(req.getBody().utf8()));
    assertSafe(r);
  }

  @Test
  void teamsPostsTheAdaptiveCardAndTakes202() throws Exception {
    server.enqueue(new MockResponse.Builder().code(202).build());
    Notification n = Fixtures.plain(EventKind.ACTIVE);
    DeliveryResult r = new TeamsSender(new TeamsSender.Config(url), null).send(n);
    assertEquals(Status.DELIVERED, r.status());
    assertEquals(202, r.statusCode());
    RecordedRequest req = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals(TeamsMessage.payload(n), JSON.readTree(req.getBody().utf8()));
    assertSafe(r);
  }

  @Test
  void webhookIsSignedAndCarriesTheEventId() throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).build());
    Notification n = Fixtures.hostile(EventKind.DENIED);
    DeliveryResult r = webhook().send(n);
    assertEquals(Status.DELIVERED, r.status());
    RecordedRequest req = server.takeRequest(5, TimeUnit.SECONDS);
    byte[] body = req.getBody().toByteArray();
    assertEquals(WebhookPayload.json(n), new String(body, StandardCharsets.UTF_8));
    assertEquals("evt-0001", req.getHeaders().get("TailGrant-Event-Id"));
    String signature = req.getHeaders().get("TailGrant-Signature");
    assertTrue(signature.startsWith("t=" + Fixtures.NOW.getEpochSecond() + ",v1="), signature);
    assertDoesNotThrow(
        () ->
            WebhookSignature.verify(signature, body, SIGNING_SECRET, Fixtures.NOW.plusSeconds(30)));
    assertSafe(r);
  }

  @Test
  void serverErrorsAndRateLimitsAreRetryable() {
    server.enqueue(new MockResponse.Builder().code(500).body("rollup_error").build());
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("Retry-After", "7")
            .body("slow down")
            .build());
    server.enqueue(new MockResponse.Builder().code(503).build());
    SlackSender sender = slack(null);
    Notification n = Fixtures.plain(EventKind.APPROVED);

    DeliveryResult r500 = sender.send(n);
    assertEquals(Status.FAILED_RETRYABLE, r500.status());
    assertEquals(500, r500.statusCode());
    assertEquals("HTTP 500: rollup_error", r500.message());

    DeliveryResult r429 = sender.send(n);
    assertEquals(Status.FAILED_RETRYABLE, r429.status());
    assertEquals(429, r429.statusCode());
    assertEquals(Duration.ofSeconds(7), r429.retryAfter());

    DeliveryResult r503 = webhook().send(n);
    assertEquals(Status.FAILED_RETRYABLE, r503.status());
    List.of(r500, r429, r503).forEach(HttpSendersTest::assertSafe);
  }

  @Test
  void clientErrorsAndRedirectsArePermanent() {
    server.enqueue(new MockResponse.Builder().code(400).body("invalid_payload").build());
    server.enqueue(new MockResponse.Builder().code(404).body("no_service").build());
    server.enqueue(
        new MockResponse.Builder()
            .code(301)
            .setHeader("Location", "https://elsewhere.example/")
            .build());
    SlackSender sender = slack(null);
    Notification n = Fixtures.plain(EventKind.EXPIRED);

    DeliveryResult r400 = sender.send(n);
    assertEquals(Status.FAILED_PERMANENT, r400.status());
    assertEquals(400, r400.statusCode());
    assertEquals("HTTP 400: invalid_payload", r400.message());
    assertNull(r400.retryAfter());
    assertEquals(Status.FAILED_PERMANENT, sender.send(n).status());
    DeliveryResult r301 = sender.send(n);
    assertEquals(Status.FAILED_PERMANENT, r301.status());
    assertEquals(3, server.getRequestCount(), "the redirect was not followed");
  }

  @Test
  void aResponseEchoingTheUrlDoesNotLeakIt() {
    server.enqueue(
        new MockResponse.Builder()
            .code(403)
            .body(
                "token rejected for POST "
                    + url.reveal()
                    + " path "
                    + TOKEN_PATH
                    + " q "
                    + TOKEN_QUERY)
            .build());
    DeliveryResult r =
        new TeamsSender(new TeamsSender.Config(url), null).send(Fixtures.plain(EventKind.FAILED));
    assertEquals(Status.FAILED_PERMANENT, r.status());
    assertTrue(r.message().startsWith("HTTP 403: token rejected"), r.message());
    assertSafe(r);
  }

  @Test
  void aHangingServerIsRetryableWithinTheTimeout() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    long start = System.nanoTime();
    DeliveryResult r = slack(Duration.ofMillis(300)).send(Fixtures.plain(EventKind.ACTIVE));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(Status.FAILED_RETRYABLE, r.status(), r.message());
    assertEquals(0, r.statusCode());
    assertTrue(millis < 5_000, "gave up after " + millis + " ms");
    assertSafe(r);
  }

  @Test
  void noServerIsRetryable() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Secret closed = Secret.of("http://127.0.0.1:" + port + TOKEN_PATH + "?" + TOKEN_QUERY);
    DeliveryResult r =
        new SlackSender(new SlackSender.Config(closed, Duration.ofSeconds(2)), null)
            .send(Fixtures.plain(EventKind.ACTIVE));
    assertEquals(Status.FAILED_RETRYABLE, r.status());
    assertTrue(r.message().startsWith("no answer: "), r.message());
    assertSafe(r);
  }

  @Test
  void configsAndSendersRedactTheirSecrets() {
    assertNoSecret(new SlackSender.Config(url).toString());
    assertNoSecret(new TeamsSender.Config(url).toString());
    assertNoSecret(new WebhookSender.Config(url, Secret.of(SIGNING_SECRET)).toString());
    assertNoSecret(slack(null).toString());
    assertNoSecret(webhook().toString());
    assertEquals("Secret[redacted]", url.toString());
    assertTrue(
        slack(null).toString().contains("127.0.0.1")
            || slack(null).toString().contains("localhost"));
  }
}
