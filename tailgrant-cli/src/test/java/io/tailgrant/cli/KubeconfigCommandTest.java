package io.tailgrant.cli;

import static io.tailgrant.cli.FakeApi.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubeconfig <id>}: owner-only files under {@code $HOME/.kube/tailgrant}, replaced whole;
 * 202 waits.
 */
class KubeconfigCommandTest {
  private static final String ID = "g-7kq2m9xa4trc";
  @TempDir Path home;
  private MockWebServer server;
  private String url;
  private Map<String, String> env;
  private Path dir;
  private Path file;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    url = server.url("/").toString();
    env = Map.of("HOME", home.toString());
    dir = home.resolve(".kube/tailgrant");
    file = dir.resolve(ID + ".yaml");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesAnOwnerOnlyFileInAnOwnerOnlyDirectory() throws Exception {
    server.enqueue(FakeApi.kubeconfig(ID, "tok1"));

    CliRun r = CliRun.run(env, "kubeconfig", ID, "--server", url);

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(List.of("export KUBECONFIG='" + file + "'"), r.outLines());
    assertEquals(FakeApi.KUBECONFIG.formatted(ID, "tok1"), Files.readString(file));
    assertEquals("rw-------", mode(file));
    assertEquals("rwx------", mode(dir));
    assertEquals(List.of(ID + ".yaml"), names(dir), "no temporary file is left behind");
    RecordedRequest q = take(server);
    assertEquals("GET /api/v1/grants/" + ID + "/kubeconfig", q.getMethod() + " " + q.getTarget());
  }

  @Test
  void anExistingLooseDirectoryIsTightened() throws Exception {
    Files.createDirectories(
        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    server.enqueue(FakeApi.kubeconfig(ID, "tok1"));

    CliRun r = CliRun.run(env, "kubeconfig", ID, "--server", url);

    assertEquals(0, r.exit(), r.transcript());
    assertEquals("rwx------", mode(dir));
  }

  @Test
  void aSecondKubeconfigReplacesTheFileWholeRatherThanRewritingIt() throws Exception {
    server.enqueue(FakeApi.kubeconfig(ID, "tok1"));
    server.enqueue(FakeApi.kubeconfig(ID, "tok2-longer-than-the-first-one"));
    assertEquals(0, CliRun.run(env, "kubeconfig", ID, "--server", url).exit());
    // A reader that opened the first file (e.g. kubectl mid-request) keeps reading a whole first
    // file.
    Path reader = home.resolve("held-open");
    Files.createLink(reader, file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    Object firstInode = Files.getAttribute(file, "unix:ino");

    CliRun r = CliRun.run(env, "kubeconfig", ID, "--server", url);

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(
        FakeApi.KUBECONFIG.formatted(ID, "tok2-longer-than-the-first-one"), Files.readString(file));
    assertNotEquals(
        firstInode,
        Files.getAttribute(file, "unix:ino"),
        "renamed into place, not written in place");
    assertEquals(
        FakeApi.KUBECONFIG.formatted(ID, "tok1"),
        Files.readString(reader),
        "the old file is untouched");
    assertEquals("rw-------", mode(file), "the new file is owner-only whatever the old one was");
    assertEquals(List.of(ID + ".yaml"), names(dir), "no temporary file is left behind");
  }

  @Test
  void notReadyYetIsAskedAgainAfterRetryAfter() throws Exception {
    server.enqueue(FakeApi.notReady(ID, 1));
    server.enqueue(FakeApi.kubeconfig(ID, "tok1"));

    CliRun r = CliRun.run(env, "kubeconfig", ID, "--server", url);

    assertEquals(0, r.exit(), r.transcript());
    assertEquals(2, server.getRequestCount());
    assertTrue(
        r.millis() >= 1000,
        "Retry-After: 1 was not honoured: asked again after " + r.millis() + " ms");
    assertTrue(r.millis() < 5000, r.millis() + " ms");
    assertEquals(FakeApi.KUBECONFIG.formatted(ID, "tok1"), Files.readString(file));
  }

  @Test
  void anEndedGrantHasNoKubeconfigAndNothingIsWritten() throws Exception {
    server.enqueue(
        FakeApi.refusal(410, "ended", "grant " + ID + " is expired: its access has ended"));

    CliRun r = CliRun.run(env, "kubeconfig", ID, "--server", url);

    assertEquals(2, r.exit(), r.transcript());
    assertEquals("", r.out());
    assertTrue(
        r.err().contains("no kubeconfig for " + ID + ": grant " + ID + " is expired"), r.err());
    assertFalse(Files.exists(file));
  }

  @Test
  void aGrantOfAnotherKindExitsTwo() {
    server.enqueue(
        FakeApi.refusal(
            409,
            "not_kubernetes",
            "grant " + ID + " is a posture grant; only kubernetes" + " grants have a kubeconfig"));
    CliRun r = CliRun.run(env, "kubeconfig", ID, "--server", url);
    assertEquals(2, r.exit(), r.transcript());
    assertTrue(r.err().contains("only kubernetes grants have a kubeconfig"), r.err());
  }

  @Test
  void aKubeconfigThatCannotBeWrittenIsNotBlamedOnTheServer() throws Exception {
    Files.writeString(home.resolve(".kube"), "a file where the directory should be");
    server.enqueue(FakeApi.kubeconfig(ID, "tok1"));

    CliRun r = CliRun.run(env, "kubeconfig", ID, "--server", url);

    assertEquals(1, r.exit(), r.transcript());
    assertEquals(1, server.getRequestCount(), "the server was reached and answered");
    assertFalse(r.err().contains("cannot reach"), r.err());
    assertTrue(
        r.err().contains(home.resolve(".kube").toString()),
        "names the path it could not write: " + r.err());
  }
}
