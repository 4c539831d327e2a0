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

  /** Help text as one line: picocli wraps it at 80 columns wherever the words fall. */
  private static String unwrapped(String help) {
    return help.replaceAll("\\s+", " ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h", "help"})
  void helpExitsZeroWithTheUsageOfEveryCommandOnStdout(String args) {
    CliRun r = CliRun.run(env, args.split(" "));
    assertEquals(0, r.exit(), r.transcript());
    assertTrue(r.out().startsWith("usage: tailgrant <command>"), r.out());
    for (String command : TailGrantCli.COMMANDS) {
      assertTrue(
          r.out().contains("\n  " + command + " "), "usage lists " + command + ":\n" + r.out());
    }
    assertTrue(
        unwrapped(r.out())
            .contains(
                "Exit codes: 0 done, 1 error, 2 bad usage or request, 3 denied or failed,"
                    + " 4 timed out, 5 not eligible."),
        r.out());
    assertEquals("", r.err());
    assertEquals(0, server.getRequestCount());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "login --help",
        "shell k8s-admin --help",
        "revoke --help",
        "grants -h",
        "status --help",
        "kubeconfig --help",
        "extend --help",
        "types --help",
        "approvals --help",
        "approve --help",
        "deny --help",
        "logout --help",
        "me --help",
        "config --help",
        "config set-server --help",
        "completion --help",
        "help login"
      })
  void helpOnACommandExitsZeroWithItsOwnUsageOnStdout(String args) {
    CliRun r = CliRun.run(env, args.split(" "));
    assertEquals(0, r.exit(), r.transcript());
    String command = args.startsWith("help ") ? args.substring(5) : args.replace(" k8s-admin", "");
    command = command.replaceAll(" -(-help|h)$", "");
    assertTrue(r.out().startsWith("usage: tailgrant " + command + " "), r.out());
    assertTrue(
        unwrapped(r.out())
            .contains(
                "Exit codes: 0 done, 1 error, 2 bad usage or request, 3 denied or failed,"
                    + " 4 timed out, 5 not eligible."),
        r.out());
    assertEquals("", r.err());
    assertEquals(0, server.getRequestCount());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"login", "grants", "status", "types", "approvals", "approve", "deny", "me"})
  void everyClientCommandDocumentsTheServerOptions(String command) {
    CliRun r = CliRun.run(env, command, "--help");
    for (String option : new String[] {"--server=URL", "--allow-http", "--dev-as=DEVICE"}) {
      assertTrue(r.out().contains(option), command + " --help shows " + option + ":\n" + r.out());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"grants", "approvals", "types", "status", "me"})
  void everyListingTakesFormat(String command) {
    assertTrue(CliRun.run(env, command, "--help").out().contains("--format=table|json"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"--version", "-V", "grants --version"})
  void versionExitsZero(String args) {
    CliRun r = CliRun.run(env, args.split(" "));
    assertEquals(0, r.exit(), r.transcript());
    assertTrue(r.out().matches("tailgrant \\d+\\.\\d+\\.\\d+.*\n"), r.out());
    assertEquals(0, server.getRequestCount());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "grnats                                 | unknown command 'grnats'; did you mean grants?",
        "logon k8s-view                         | unknown command 'logon'; did you mean login?",
        "LOGIN k8s-view                         | unknown command 'LOGIN'; did you mean login?",
        "aprove g-7kq2m9xa4trc                  | unknown command 'aprove'; did you mean approve?",
        "config set-sever https://x.example     | unknown command 'set-sever'; did you mean set-server?",
        "grants --sever http://127.0.0.1:1      | unknown option --sever; did you mean --server?",
        "grants --sever=http://127.0.0.1:1      | unknown option --sever; did you mean --server?",
        "grants --formt json                    | unknown option --formt; did you mean --format?",
        "login k8s-view --reasn x               | unknown option --reasn; did you mean --reason?",
        "shell k8s-view --kep                   | unknown option --kep; did you mean --keep?",
        "approve g-7kq2m9xa4trc --coment ok     | unknown option --coment; did you mean --comment?",
        "types --allow-htp                      | unknown option --allow-htp; did you mean --allow-http?",
        "grants --format xml                    | --format takes table or json, not 'xml'",
        "status g-7kq2m9xa4trc g-other          | unexpected argument 'g-other'",
        "approve                                | missing grant id",
        "deny                                   | missing grant id",
        "config set-server                      | missing url",
        "completion                             | missing shell",
        "completion zsh                         | no completion for zsh"
      })
  void typosAndMistakesExitTwoWithASuggestionAndNoRequest(String args, String message) {
    CliRun r = CliRun.run(env, args.trim().split("\\s+"));
    assertEquals(2, r.exit(), r.transcript());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("tailgrant: " + message), r.err());
    assertEquals(0, server.getRequestCount(), "a usage error must not reach the server");
  }

  @Test
  void aCommandFarFromAnyIsNotGivenASuggestion() {
    CliRun r = CliRun.run(env, "frobnicate");
    assertEquals(2, r.exit(), r.transcript());
    assertTrue(r.err().startsWith("tailgrant: unknown command 'frobnicate'\n"), r.err());
  }

  @Test
  void configWithoutACommandIsAUsageError() {
    CliRun r = CliRun.run(env, "config");
    assertEquals(2, r.exit(), r.transcript());
    assertTrue(r.err().contains("config needs a command: set-server"), r.err());
    assertTrue(r.err().contains("usage: tailgrant config"), r.err());
  }

  @Test
  void anArgumentFileIsNotExpanded() throws Exception {
    server.enqueue(FakeApi.refusal(403, "forbidden", "no"));
    CliRun r = CliRun.run(env, "login", "@/etc/passwd");
    assertEquals(5, r.exit(), r.transcript());
    assertEquals(
        "@/etc/passwd",
        FakeApi.body(FakeApi.take(server)).path("grantType").asText(),
        "the word is the grant type, not the file's content");
  }
}
