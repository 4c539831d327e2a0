package io.tailgrant.cli;

import static io.tailgrant.cli.FakeApi.grant;
import static io.tailgrant.cli.FakeApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A spoofed or hostile server sends grant ids meant to escape {@code ~/.kube/tailgrant} or to run
 * commands when the user evals the export line: the CLI refuses them (exit 1) and writes nothing.
 */
class HostileServerTest {
  private static final String ID = "g-7kq2m9xa4trc";

  /** Replaced by a file that exists only if something ran the command the server slipped in. */
  private static final String SENTINEL = "SENTINEL";

  @TempDir Path root;
  private Path home;
  private Path sentinel;
  private MockWebServer server;
  private String url;
  private Map<String, String> env;

  @BeforeEach
  void start() throws IOException {
    // ../../../x from $HOME/.kube/tailgrant lands in root, which the test watches as a whole.
    home = Files.createDirectory(root.resolve("home"));
    sentinel = root.resolve("pwned");
    server = new MockWebServer();
    server.start();
    url = server.url("/").toString();
    env = Map.of("HOME", home.toString(), "SHELL", "/bin/false");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static final String[] HOSTILE = {
    "../../../tmp/x",
    "../../../x",
    "g-abcdef/../../../x",
    SENTINEL, // an absolute path (inside the watched directory)
    "g-abc; touch SENTINEL",
    "g-abcdef; touch SENTINEL",
    "g-abc$(touch SENTINEL)",
    "g-abc`touch SENTINEL`",
    "g-abcdef'; touch SENTINEL; '",
    "g-abc\nexport X=1",
    "g-abcdef\ntouch SENTINEL",
    "g-abcdef\u001b]0;owned\u0007",
    "G-ABCDEFGH",
    "g-abc",
    "g-" + "a".repeat(41),
    ""
  };

  static Stream<String> hostileIds() {
    return Stream.of(HOSTILE);
  }

  private String hostile(String id) {
    return id.replace(SENTINEL, sentinel.toString());
  }

  /** Answers every request as if {@code id} were a real, active kubernetes grant. */
  private void serveGrantWithId(String createdId, String echoedId) {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String target = request.getTarget();
            if (request.getMethod().equals("POST") && target.equals("/api/v1/grants")) {
              return json(202, grant(createdId, "k8s-view", "kubernetes", "activating"));
            }
            if (target.endsWith("/kubeconfig")) {
              return FakeApi.kubeconfig(echoedId, "stolen");
            }
            return json(200, grant(echoedId, "k8s-view", "kubernetes", "active"));
          }
        });
  }

  private List<Path> everyFile() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !Files.isDirectory(p)).sorted().toList();
    }
  }

  /**
   * Exit 1 with the refusal, nothing on stdout, no file anywhere, and evaluating stdout runs
   * nothing.
   */
  private void assertRefused(CliRun r) throws Exception {
    assertEquals(1, r.exit(), r.transcript());
    assertEquals("", r.out(), r.transcript());
    assertTrue(r.err().contains("the server sent a malformed grant id"), r.err());
    assertTrue(r.err().contains("refusing to use it"), r.err());
    assertFalse(r.err().contains("\u001b"), "no raw ESC on the terminal: " + r.transcript());
    assertEquals(List.of(), everyFile(), "nothing is written, inside the kube dir or outside it");
    CliRun.sh("eval \"$LINE\"", Map.of("LINE", r.out()));
    assertFalse(Files.exists(sentinel), "the server's command ran");
  }

  @ParameterizedTest
  @MethodSource("hostileIds")
  void loginRefusesAMalformedIdFromTheServerBeforeUsingIt(String id) throws Exception {
    serveGrantWithId(hostile(id), hostile(id));

    CliRun r = CliRun.run(env, "login", "k8s-view", "--server", url);

    assertRefused(r);
    assertEquals(1, server.getRequestCount(), "the id is not put into any further request");
    assertFalse(
        r.err().contains("requested k8s-view"), "the id is refused before it is shown: " + r.err());
    assertEquals(1, r.err().lines().count(), "one line, whatever newlines the id held: " + r.err());
  }

  @ParameterizedTest // a few: each waits one 500 ms poll before the echo arrives
  @ValueSource(
      strings = {"../../../x", "g-abc$(touch SENTINEL)", "g-abc\nexport X=1", "G-ABCDEFGH"})
  void loginRefusesAMalformedIdEchoedBackWhileFollowing(String id) throws Exception {
    serveGrantWithId(ID, hostile(id));

    CliRun r = CliRun.run(env, "login", "k8s-view", "--server", url);

    assertRefused(r);
    assertEquals(2, server.getRequestCount(), "no kubeconfig is fetched: " + r.transcript());
  }

  @ParameterizedTest
  @ValueSource(strings = {"g-abc; touch SENTINEL", "../../../x", "g-abc\nexport X=1"})
  void shellRefusesAMalformedIdAndStartsNoShellAndRevokesNothing(String id) throws Exception {
    serveGrantWithId(hostile(id), hostile(id));

    CliRun r = CliRun.run(env, "shell", "k8s-view", "--server", url);

    assertRefused(r);
    assertEquals(1, server.getRequestCount(), "no revoke to a URL built from the id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"g-abc; touch SENTINEL", "g-abc\u001b[2J", "../../../x"})
  void statusGrantsRevokeAndExtendRefuseAMalformedEchoedId(String id) throws Exception {
    serveGrantWithId(ID, hostile(id));
    assertRefused(CliRun.run(env, "status", ID, "--server", url));
    assertRefused(CliRun.run(env, "revoke", ID, "--server", url));
    assertRefused(CliRun.run(env, "extend", ID, "10m", "--server", url));

    ArrayNode list = FakeApi.JSON.createArrayNode();
    list.add(grant(ID, "k8s-view", "kubernetes", "active"));
    list.add(grant(hostile(id), "k8s-view", "kubernetes", "active"));
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return json(200, FakeApi.page(list));
          }
        });
    CliRun grants = CliRun.run(env, "grants", "--server", url);
    assertRefused(grants);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../../x", "g-abc;id", "g-abcdef/../x", "G-ABCDEFGH"})
  void kubeconfigRefusesAnIdThatIsNoneBeforeAskingTheServer(String id) throws Exception {
    serveGrantWithId(ID, ID);

    CliRun r = CliRun.run(env, "kubeconfig", id, "--server", url);

    assertEquals(2, r.exit(), r.transcript());
    assertEquals("", r.out());
    assertTrue(r.err().contains("is not a grant id"), r.err());
    assertEquals(0, server.getRequestCount());
    assertEquals(List.of(), everyFile());
  }

  @Test
  void theRefusalShowsTheIdWithItsControlCharactersVisible() throws Exception {
    serveGrantWithId("g-abc\nexport X=1", ID);

    CliRun r = CliRun.run(env, "login", "k8s-view", "--server", url);

    assertEquals(1, r.exit(), r.transcript());
    assertEquals(
        "tailgrant: the server sent a malformed grant id \"g-abc\\x0aexport X=1\"; refusing to use it\n",
        r.err());
  }

  @Test
  void theFileWriterItselfRefusesAnythingButAGrantId() throws Exception {
    Path dir = home.resolve(".kube/tailgrant");
    for (String id : HOSTILE) {
      try {
        KubeconfigFiles.write(dir, hostile(id), "x");
        throw new AssertionError("wrote a kubeconfig for " + id);
      } catch (IllegalArgumentException expected) {
        // refused
      }
    }
    assertEquals(List.of(), everyFile());
  }
}
