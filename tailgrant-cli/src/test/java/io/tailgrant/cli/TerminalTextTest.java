package io.tailgrant.cli;

import static io.tailgrant.cli.FakeApi.grant;
import static io.tailgrant.cli.FakeApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a server says reaches the terminal with its control characters made visible, never as escape
 * sequences.
 */
class TerminalTextTest {
  private static final String ID = "g-7kq2m9xa4trc";

  /**
   * Retitles the window, clears the screen, recolours, moves the cursor (7- and 8-bit), rubs out.
   */
  private static final String NASTY =
      "\u001b]0;owned\u0007\u001b[2J\u001b[31mred\u001b[0m\u009b1A\u0085\u007fend\r";

  private static final String SHOWN =
      "\\x1b]0;owned\\x07\\x1b[2J\\x1b[31mred\\x1b[0m\\x9b1A\\x85\\x7fend\\x0d";
  @TempDir Path home;
  private MockWebServer server;
  private String url;
  private Map<String, String> env;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    url = server.url("/").toString();
    env = Map.of("HOME", home.toString(), "SHELL", "/bin/true");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Only printable characters and the line ends the CLI itself writes. */
  private static void assertPrintable(String where, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\n' && (c < 0x20 || c >= 0x7f && c <= 0x9f)) {
        throw new AssertionError(
            where
                + " has control character U+%04X at %d: %s"
                    .formatted((int) c, i, Untrusted.printable(s)));
      }
    }
  }

  private static void assertPrintable(CliRun r) {
    assertPrintable("stdout", r.out());
    assertPrintable("stderr", r.err());
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 403, 404, 409, 500})
  void anErrorMessageFromTheServerIsNotPrintedRaw(int status) {
    server.enqueue(FakeApi.refusal(status, "x", "no " + NASTY));

    CliRun r = CliRun.run(env, "login", "k8s-view", "--server", url);

    assertTrue(r.exit() != 0, r.transcript());
    assertPrintable(r);
    assertTrue(r.err().contains("no " + SHOWN), "shown, escaped: " + r.err());
  }

  @Test
  void errorMessagesOfEveryCommandAreNotPrintedRaw() {
    String[][] commands = {
      {"grants"}, {"status", ID}, {"revoke", ID}, {"extend", ID, "1h"}, {"kubeconfig", ID}
    };
    for (String[] command : commands) {
      server.enqueue(FakeApi.refusal(500, "internal", NASTY));
      String[] args =
          Stream.concat(Arrays.stream(command), Stream.of("--server", url)).toArray(String[]::new);
      CliRun r = CliRun.run(env, args);
      assertEquals(1, r.exit(), r.transcript());
      assertPrintable(r);
      assertTrue(r.err().contains(SHOWN), r.err());
    }
  }

  @Test
  void anErrorBodyThatIsNotJsonIsNotPrintedRaw() {
    server.enqueue(FakeApi.json(502, NASTY));
    CliRun r = CliRun.run(env, "grants", "--server", url);
    assertEquals(1, r.exit(), r.transcript());
    assertPrintable(r);
  }

  @Test
  void loginProgressQuotesTheServerSafely() {
    ObjectNode pending = FakeApi.pendingApproval(ID, "k8s-admin").put("requester", "alice" + NASTY);
    pending.withArray("approvers").add("mallory" + NASTY);
    server.enqueue(json(202, pending));
    ObjectNode active =
        grant(ID, "k8s-admin", "kubernetes", "active").put("expiresAt", "soon" + NASTY);
    server.enqueue(json(200, active));
    server.enqueue(FakeApi.kubeconfig(ID, "tok1"));

    CliRun r = CliRun.run(env, "login", "k8s-admin", "--server", url);

    assertEquals(0, r.exit(), r.transcript());
    assertPrintable(r);
    assertTrue(r.err().contains("as alice" + SHOWN), r.err());
    assertTrue(r.err().contains("mallory" + SHOWN), r.err());
    assertTrue(r.err().contains(ID + " is active until soon" + SHOWN), r.err());
  }

  @Test
  void aDenialAndAnUnknownStatusAreQuotedSafely() {
    server.enqueue(json(202, grant(ID, "k8s-view", "kubernetes", "weird" + NASTY)));
    server.enqueue(json(200, FakeApi.denied(ID, "k8s-view", "bob" + NASTY, "because" + NASTY)));

    CliRun r = CliRun.run(env, "login", "k8s-view", "--server", url);

    assertEquals(3, r.exit(), r.transcript());
    assertPrintable(r);
    assertTrue(r.err().contains("waiting: weird" + SHOWN), r.err());
    assertTrue(r.err().contains("denied by bob" + SHOWN + ": because" + SHOWN), r.err());
  }

  @Test
  void statusGrantsAndExtendOutputQuoteTheServerSafely() {
    ObjectNode g =
        grant(ID, "k8s-view" + NASTY, "kubernetes", "active")
            .put("requester", "alice" + NASTY)
            .put("expiresAt", "later" + NASTY)
            .put("reason", NASTY)
            .put("failure", NASTY);
    g.withArray("timeline")
        .addObject()
        .put("at", NASTY)
        .put("actor", NASTY)
        .put("action", NASTY)
        .put("detail", NASTY);
    server.enqueue(json(200, g));
    CliRun status = CliRun.run(env, "status", ID, "--server", url);
    assertEquals(0, status.exit(), status.transcript());
    assertPrintable(status);
    assertTrue(status.out().contains("requester: alice" + SHOWN), status.out());

    ArrayNode list = FakeApi.JSON.createArrayNode().add(g);
    server.enqueue(json(200, FakeApi.page(list)));
    CliRun grants = CliRun.run(env, "grants", "--server", url);
    assertEquals(0, grants.exit(), grants.transcript());
    assertPrintable(grants);
    assertEquals(2, grants.outLines().size(), grants.out());

    server.enqueue(json(200, g));
    CliRun extend = CliRun.run(env, "extend", ID, "1h", "--server", url);
    assertEquals(0, extend.exit(), extend.transcript());
    assertPrintable(extend);
    assertEquals(ID + " is active until later" + SHOWN + "\n", extend.out());
  }

  @Test
  void aFailedRevokeAfterTheShellIsQuotedSafely() {
    server.enqueue(json(202, grant(ID, "k8s-view", "kubernetes", "active")));
    server.enqueue(FakeApi.kubeconfig(ID, "tok1"));
    server.enqueue(FakeApi.refusal(500, "internal", NASTY));

    CliRun r = CliRun.run(env, "shell", "k8s-view", "--server", url);

    assertEquals(1, r.exit(), r.transcript());
    assertPrintable(r);
    assertTrue(r.err().contains("could not revoke " + ID + ": " + SHOWN), r.err());
  }

  @Test
  void printableEscapesC0DelAndC1AndNothingElse() {
    assertEquals(
        "\\x00\\x09\\x0a\\x1b\\x1f \\x7f\\x80\\x9b\\x9f\u00a0é→日本 ~",
        Untrusted.printable("\u0000\t\n\u001b\u001f \u007f\u0080\u009b\u009f\u00a0é→日本 ~"));
    assertEquals(
        "plain text: g-7kq2m9xa4trc (alice@example.com)",
        Untrusted.printable("plain text: g-7kq2m9xa4trc (alice@example.com)"));
    assertEquals(SHOWN, Untrusted.printable(NASTY));
    assertEquals(SHOWN, Untrusted.printable(Untrusted.printable(NASTY)), "idempotent");
  }
}
