package io.tailgrant.cli;

import static io.tailgrant.cli.FakeApi.grant;
import static io.tailgrant.cli.FakeApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code eval "$(tailgrant login ...)"} sets KUBECONFIG to exactly the file, whatever the home
 * directory is called.
 */
class ExportLineTest {
  private static final String ID = "g-7kq2m9xa4trc";
  private static final String PRINT = "eval \"$LINE\"; printf %s \"$KUBECONFIG\"";
  @TempDir Path root;
  private Path sentinel;
  private MockWebServer server;
  private String url;

  @BeforeEach
  void start() throws IOException {
    sentinel = root.resolve("pwned");
    server = new MockWebServer();
    server.start();
    url = server.url("/").toString();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * A home directory named {@code name}; TOUCH in it is a command that creates the sentinel if run.
   */
  private Path home(String name) throws IOException {
    return Files.createDirectory(root.resolve(name.replace("TOUCH", "touch \"$PWNED\"")));
  }

  /** Evaluates the CLI's stdout as a user's shell would and prints what KUBECONFIG became. */
  private String eval(CliRun r) throws Exception {
    return CliRun.sh(PRINT, Map.of("LINE", r.out(), "PWNED", sentinel.toString()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "plain",
        "with space",
        "o'brien",
        "it's  a 'quoted' dir",
        "''",
        "a'\\''b",
        "$(TOUCH)",
        "`TOUCH`",
        "x; TOUCH; '",
        "\"double\" \\ back $HOME ${X:-y} * ? [a] ~ & | < > # !",
        "line\nbreak; TOUCH",
        "tab\there"
      })
  void loginsExportLineEvaluatesToExactlyThePath(String name) throws Exception {
    Path home = home(name);
    server.enqueue(json(202, grant(ID, "k8s-view", "kubernetes", "active")));
    server.enqueue(FakeApi.kubeconfig(ID, "tok1"));

    CliRun r = CliRun.run(Map.of("HOME", home.toString()), "login", "k8s-view", "--server", url);

    assertEquals(0, r.exit(), r.transcript());
    Path file = home.resolve(".kube/tailgrant/" + ID + ".yaml");
    assertTrue(Files.exists(file), r.transcript());
    assertTrue(r.out().startsWith("export KUBECONFIG='"), r.out());
    assertEquals(file.toString(), eval(r), r.out());
    assertFalse(Files.exists(sentinel), "evaluating the export line ran a command: " + r.out());
  }

  @Test
  void kubeconfigsExportLineEvaluatesToExactlyThePathToo() throws Exception {
    Path home = home("kube 'dir' $(TOUCH)");
    server.enqueue(FakeApi.kubeconfig(ID, "tok1"));

    CliRun r = CliRun.run(Map.of("HOME", home.toString()), "kubeconfig", ID, "--server", url);

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(
        List.of(TailGrantCli.exportLine(home.resolve(".kube/tailgrant/" + ID + ".yaml"))),
        r.outLines());
    assertEquals(home.resolve(".kube/tailgrant/" + ID + ".yaml").toString(), eval(r));
    assertFalse(Files.exists(sentinel));
  }

  @Test
  void theLineSetsKubeconfigAndNothingElse() throws Exception {
    Path home = home("o'brien's home; X=1; TOUCH");
    server.enqueue(json(202, grant(ID, "k8s-view", "kubernetes", "active")));
    server.enqueue(FakeApi.kubeconfig(ID, "tok1"));
    CliRun r = CliRun.run(Map.of("HOME", home.toString()), "login", "k8s-view", "--server", url);
    assertEquals(0, r.exit(), r.transcript());

    Map<String, String> env = Map.of("LINE", r.out(), "KEEP", "kept", "PWNED", sentinel.toString());
    Set<String> before = new HashSet<>(CliRun.sh("unset LINE; export -p", env).lines().toList());
    Set<String> after =
        new HashSet<>(CliRun.sh("eval \"$LINE\"; unset LINE; export -p", env).lines().toList());

    Set<String> added = new HashSet<>(after);
    added.removeAll(before);
    Set<String> removed = new HashSet<>(before);
    removed.removeAll(after);
    assertEquals(Set.of(), removed, "the line unset or changed nothing else");
    assertEquals(1, added.size(), "one variable more: " + added);
    assertTrue(added.iterator().next().contains("KUBECONFIG="), added.toString());
    assertFalse(Files.exists(sentinel));
    assertEquals(home.resolve(".kube/tailgrant/" + ID + ".yaml").toString(), CliRun.sh(PRINT, env));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "'", "''", "a'b", "\\'", "'\\''", "$(x)", "\n", "a b\tc"})
  void shellQuoteIsOneWordThatReadsBackTheSame(String s) throws Exception {
    assertEquals(
        s, CliRun.sh("eval \"V=$Q\"; printf %s \"$V\"", Map.of("Q", TailGrantCli.shellQuote(s))));
  }
}
