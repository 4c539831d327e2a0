package io.tailgrant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad command lines end with exit 2 before any request; help is exit 0 on stdout. */
class UsageTest {
  private MockWebServer server;
  private Map<String, String> env;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    // Any request a usage error sent by mistake would land here and be counted.
    env =
        Map.of(
            "TAILGRANT_SERVER",
            server.url("/").toString(),
            "HOME",
            "/nonexistent-home-for-usage-tests");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void noArgumentsIsAUsageErrorWithTheUsageOnStderr() {
    CliRun r = CliRun.run(env);
    assertEquals(2, r.exit(), r.transcript());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("usage: tailgrant <command>"), r.err());
    assertEquals(0, server.getRequestCount());
  }

  @ParameterizedTest
  @ValueSource(strings = {"frobnicate", "logon", "LOGIN", "dev"})
  void anUnknownCommandIsAUsageError(String command) {
    CliRun r = CliRun.run(env, command, "k8s-view");
    assertEquals(2, r.exit(), r.transcript());
    assertEquals("", r.out());
    assertTrue(r.err().contains("usage: tailgrant <command>"), r.err());
    assertEquals(0, server.getRequestCount());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "login k8s-view --bogus                | unknown option --bogus",
        "grants --verbose                      | unknown option --verbose",
        "revoke g-abcdefgh --keep-going        | unknown option --keep-going",
        "login                                 | missing grant type",
        "status                                | missing grant id",
        "kubeconfig                            | missing grant id",
        "revoke                                | missing grant id",
        "extend                                | missing grant id",
        "extend g-abcdefgh                     | missing duration",
        "login k8s-view --reason               | --reason needs a value",
        "login k8s-view --server               | --server needs a value",
        "login k8s-view --wait soon            | --wait takes a duration",
        "login k8s-view --wait 15              | --wait takes a duration",
        "login k8s-view --wait 1.5m            | --wait takes a duration",
        "login k8s-view --wait m               | --wait takes a duration",
        "shell k8s-view --wait forever --keep  | --wait takes a duration"
      })
  void badCommandLinesExitTwoWithoutAskingTheServer(String args, String message) {
    CliRun r = CliRun.run(env, args.trim().split("\\s+"));
    assertEquals(2, r.exit(), r.transcript());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("tailgrant: "), r.err());
    assertTrue(r.err().contains(message), r.err());
    assertEquals(0, server.getRequestCount(), "a usage error must not reach the server");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"--help", "-h", "login --help", "shell k8s-admin --help", "revoke --help"})
  void helpExitsZeroWithTheUsageOnStdout(String args) {
    CliRun r = CliRun.run(env, args.split(" "));
    assertEquals(0, r.exit(), r.transcript());
    assertTrue(r.out().startsWith("usage: tailgrant <command>"), r.out());
    for (String command : TailGrantCli.COMMANDS) {
      assertTrue(
          r.out().contains("\n  " + command + " "), "usage lists " + command + ":\n" + r.out());
    }
    assertTrue(
        r.out()
            .contains(
                "Exit codes: 0 done, 1 error, 2 bad usage or request, 3 denied or failed,"
                    + " 4 timed out, 5 not eligible."),
        r.out());
    assertEquals("", r.err());
    assertEquals(0, server.getRequestCount());
  }
}
