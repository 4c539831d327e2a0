package io.tailgrant.cli;

import static io.tailgrant.cli.FakeApi.json;
import static io.tailgrant.cli.FakeApi.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which server URLs the CLI uses: https anywhere, plain http only to this machine unless the user
 * opts in with --allow-http or TAILGRANT_ALLOW_HTTP=1; refusals are usage errors before any
 * request.
 */
class ServerUrlTest {
  private MockWebServer server;
  private int port;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    port = server.getPort();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Map<String, String> env(String... pairs) {
    Map<String, String> m = new HashMap<>();
    m.put("HOME", "/nonexistent-home-for-server-url-tests");
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private void assertRefusedPlainHttp(CliRun r) {
    assertEquals(2, r.exit(), r.transcript());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("tailgrant: refusing plain http to "), r.err());
    assertTrue(r.err().contains("unencrypted"), "says why: " + r.err());
    assertTrue(
        r.err().contains("--allow-http") && r.err().contains("TAILGRANT_ALLOW_HTTP=1"),
        "says how: " + r.err());
    assertTrue(
        r.millis() < 3000, "refused without trying to connect, yet took " + r.millis() + " ms");
    assertEquals(0, server.getRequestCount(), "no request was sent");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://example.invalid:1",
        "http://10.0.0.1:9",
        "http://192.168.1.20:8080/",
        "http://tailgrant.example.com",
        "HTTP://10.0.0.1:9",
        "http://[fd7a:115c:a1e0::1]:9",
        "http://127.1:9",
        "http://127.0.0.1.example.invalid:9",
        "http://localhost.example.invalid:9",
        "http://0x7f000001:9"
      })
  void plainHttpToAnotherMachineIsRefusedBeforeAnyRequest(String url) {
    assertRefusedPlainHttp(CliRun.run(env(), "login", "k8s-view", "--server", url));
    assertRefusedPlainHttp(CliRun.run(env("TAILGRANT_SERVER", url), "grants"));
    assertRefusedPlainHttp(CliRun.run(env(), "revoke", "g-7kq2m9xa4trc", "--server", url));
  }

  /**
   * 0.0.0.0 is not a loopback address, yet on Linux connecting to it reaches this machine's
   * listeners.
   */
  private String reachableButNotLoopback() {
    return "http://0.0.0.0:" + port;
  }

  @Test
  void refusedEvenWhenTheServerWouldHaveAnswered() {
    server.enqueue(json(200, FakeApi.EMPTY_PAGE));
    assertRefusedPlainHttp(CliRun.run(env(), "grants", "--server", reachableButNotLoopback()));
    assertRefusedPlainHttp(
        CliRun.run(
            env("TAILGRANT_ALLOW_HTTP", "0"), "grants", "--server", reachableButNotLoopback()));
  }

  @Test
  void allowHttpOptsIn() throws Exception {
    server.enqueue(json(200, FakeApi.EMPTY_PAGE));

    CliRun r = CliRun.run(env(), "grants", "--allow-http", "--server", reachableButNotLoopback());

    assertEquals(0, r.exit(), r.transcript());
    assertEquals("/api/v1/grants?view=mine", take(server).getTarget());
    assertTrue(
        r.err().contains("warning: plain http to 0.0.0.0"), "the opt-in is not silent: " + r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "true", "TRUE"})
  void tailgrantAllowHttpOptsInToo(String value) throws Exception {
    server.enqueue(json(200, FakeApi.EMPTY_PAGE));

    CliRun r =
        CliRun.run(
            env("TAILGRANT_ALLOW_HTTP", value, "TAILGRANT_SERVER", reachableButNotLoopback()),
            "grants");

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(1, server.getRequestCount());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:%d",
        "http://127.0.0.1:%d/",
        "http://localhost:%d",
        "http://LOCALHOST:%d"
      })
  void plainHttpToThisMachineNeedsNoOptIn(String template) throws Exception {
    server.enqueue(json(200, FakeApi.EMPTY_PAGE));

    CliRun r = CliRun.run(env(), "grants", "--server", template.formatted(port));

    assertEquals(0, r.exit(), r.transcript());
    assertEquals("", r.err(), "no warning for this machine");
    assertEquals(1, server.getRequestCount());
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "127.0.0.1", "127.0.0.53", "127.255.255.255", "::1"})
  void loopbackHosts(String host) {
    assertTrue(ServerClient.isLoopback(host), host);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0.0.0.0",
        "10.0.0.1",
        "128.0.0.1",
        "127.0.0.256",
        "127.0.0",
        "127.0.0.1.",
        "127.1",
        "0x7f.0.0.1",
        "2130706433",
        "::2",
        "::ffff:10.0.0.1",
        "localhost.",
        "localhost.example.com",
        "127.0.0.1.nip.io",
        "mylocalhost",
        ""
      })
  void notLoopbackHosts(String host) {
    assertFalse(ServerClient.isLoopback(host), host);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://tailgrant.example.com",
        "https://10.0.0.1:8443/",
        "HTTPS://tailgrant.example.com",
        "https://tailgrant.example.com/prefix",
        "http://[::1]:8080",
        "http://127.0.0.1:8080"
      })
  void httpsAnywhereAndHttpToThisMachineAreAccepted(String url) {
    assertEquals(url, ServerClient.checkedBaseUrl(url, false));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://127.0.0.1:21",
        "file:///etc/passwd",
        "127.0.0.1:8080",
        "tailgrant.example.com",
        "javascript:alert(1)",
        "ws://127.0.0.1:8080"
      })
  void otherSchemesAreRefused(String url) {
    CliRun r = CliRun.run(env(), "grants", "--server", url, "--allow-http");
    assertEquals(2, r.exit(), r.transcript());
    assertTrue(r.err().contains("must start with https://"), r.err());
    assertEquals(0, server.getRequestCount());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://alice:s3cret@127.0.0.1:%d",
        "http://alice@127.0.0.1:%d",
        "https://:s3cret@127.0.0.1:%d"
      })
  void aUserNameOrPasswordIsRefusedWithoutRepeatingIt(String template) {
    CliRun r = CliRun.run(env(), "grants", "--server", template.formatted(port));
    assertEquals(2, r.exit(), r.transcript());
    assertTrue(r.err().contains("must not hold a user name or password"), r.err());
    assertFalse(r.err().contains("s3cret"), r.err());
    assertEquals(0, server.getRequestCount());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"http://127.0.0.1:%d/?x=1", "http://127.0.0.1:%d#frag", "http://127.0.0.1:%d/#"})
  void aQueryOrFragmentIsRefused(String template) {
    CliRun r = CliRun.run(env(), "grants", "--server", template.formatted(port));
    assertEquals(2, r.exit(), r.transcript());
    assertTrue(r.err().contains("must not have a query"), r.err());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void malformedUrlsAreUsageErrors() {
    assertEquals(
        CliFailure.USAGE,
        assertThrows(
                CliFailure.class, () -> ServerClient.checkedBaseUrl("http://exa mple.com", false))
            .exitCode);
    assertEquals(
        CliFailure.USAGE,
        assertThrows(CliFailure.class, () -> ServerClient.checkedBaseUrl("http://", true))
            .exitCode);
  }

  @Test
  void aRedirectIsNotFollowed() throws Exception {
    try (MockWebServer elsewhere = new MockWebServer()) {
      elsewhere.start();
      elsewhere.enqueue(json(200, FakeApi.EMPTY_PAGE));
      String to = "http://0.0.0.0:" + elsewhere.getPort() + "/api/v1/grants?view=mine";
      server.enqueue(new MockResponse.Builder().code(307).addHeader("Location", to).build());

      CliRun r = CliRun.run(env(), "grants", "--server", server.url("/").toString());

      assertEquals(1, r.exit(), r.transcript());
      assertEquals("", r.out());
      assertTrue(
          r.err().contains("redirect to " + to + ", which the CLI does not follow"), r.err());
      assertEquals(0, elsewhere.getRequestCount(), "the redirect was followed");
    }
  }

  @Test
  void theUsageDescribesAllowHttp() {
    CliRun r = CliRun.run(env(), "--help");
    assertTrue(r.out().contains("--allow-http"), r.out());
    assertTrue(r.out().contains("TAILGRANT_ALLOW_HTTP=1"), r.out());
  }
}
