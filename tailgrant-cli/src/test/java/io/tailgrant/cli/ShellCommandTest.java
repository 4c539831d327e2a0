package io.tailgrant.cli;

import static io.tailgrant.cli.FakeApi.body;
import static io.tailgrant.cli.FakeApi.grant;
import static io.tailgrant.cli.FakeApi.json;
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
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shell}: login, run $SHELL with the grant in its environment, revoke on exit unless --keep.
 */
class ShellCommandTest {
  private static final String ID = "g-7kq2m9xa4trc";
  @TempDir Path home;
  @TempDir Path work;
  private MockWebServer server;
  private String url;
  private Path seen;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    url = server.url("/").toString();
    seen = work.resolve("seen.env");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A stand-in for the user's shell: notes what it was given, then exits with {@code code}. */
  private Path shell(int code) throws IOException {
    Path script = work.resolve("fake-shell-" + code + ".sh");
    Files.writeString(
        script,
        """
        #!/bin/sh
        printf 'KUBECONFIG=%%s\\nTAILGRANT_GRANT=%%s\\n' "$KUBECONFIG" "$TAILGRANT_GRANT" > '%s'
        exit %d
        """
            .formatted(seen, code));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private void enqueueActiveKubernetesGrant() {
    server.enqueue(json(202, grant(ID, "k8s-view", "kubernetes", "active")));
    server.enqueue(FakeApi.kubeconfig(ID, "tok1"));
  }

  @Test
  void theShellGetsTheGrantAndTheGrantIsRevokedWhenItExits() throws Exception {
    enqueueActiveKubernetesGrant();
    server.enqueue(json(200, grant(ID, "k8s-view", "kubernetes", "revoked")));

    CliRun r =
        CliRun.run(
            Map.of("HOME", home.toString(), "SHELL", shell(0).toString()),
            "shell",
            "k8s-view",
            "--reason",
            "test",
            "--server",
            url);

    assertEquals(0, r.exit(), r.transcript());
    Path kubeconfig = home.resolve(".kube/tailgrant/" + ID + ".yaml");
    assertEquals(
        List.of("KUBECONFIG=" + kubeconfig, "TAILGRANT_GRANT=" + ID), Files.readAllLines(seen));
    assertEquals("", r.out(), "shell prints no export line: the shell already has it");
    assertTrue(r.err().contains("exit the shell to revoke it"), r.err());
    assertTrue(r.err().contains("revoked " + ID), r.err());
    RecordedRequest create = take(server);
    assertEquals("POST /api/v1/grants", create.getMethod() + " " + create.getTarget());
    take(server);
    RecordedRequest revoke = take(server);
    assertEquals(
        "POST /api/v1/grants/" + ID + "/revoke", revoke.getMethod() + " " + revoke.getTarget());
    assertEquals("shell exited", body(revoke).path("reason").asText());
  }

  @Test
  void theShellsExitCodeIsTheCommandsAndTheGrantIsStillRevoked() throws Exception {
    enqueueActiveKubernetesGrant();
    server.enqueue(json(200, grant(ID, "k8s-view", "kubernetes", "revoked")));

    CliRun r =
        CliRun.run(
            Map.of("HOME", home.toString(), "SHELL", shell(7).toString()),
            "shell",
            "k8s-view",
            "--server",
            url);

    assertEquals(7, r.exit(), r.transcript());
    assertEquals(3, server.getRequestCount());
    take(server);
    take(server);
    assertTrue(take(server).getTarget().endsWith("/revoke"));
  }

  @Test
  void keepLeavesTheGrantAlone() throws Exception {
    enqueueActiveKubernetesGrant();

    CliRun r =
        CliRun.run(
            Map.of("HOME", home.toString(), "SHELL", shell(0).toString()),
            "shell",
            "k8s-view",
            "--keep",
            "--server",
            url);

    assertEquals(0, r.exit(), r.transcript());
    assertTrue(Files.exists(seen), "the shell ran");
    assertTrue(r.err().contains("the grant stays after you exit"), r.err());
    assertEquals(2, server.getRequestCount(), "no revoke with --keep");
  }

  @Test
  void aRevokeThatFailsTurnsSuccessIntoAnErrorAndSaysHowToRetry() throws Exception {
    enqueueActiveKubernetesGrant();
    server.enqueue(
        FakeApi.refusal(500, "internal", "something went wrong on our side; the error is logged"));

    CliRun r =
        CliRun.run(
            Map.of("HOME", home.toString(), "SHELL", shell(0).toString()),
            "shell",
            "k8s-view",
            "--server",
            url);

    assertEquals(1, r.exit(), r.transcript());
    assertTrue(
        r.err().contains("could not revoke " + ID + ": something went wrong on our side"), r.err());
    assertTrue(r.err().contains("(./tailgrant revoke " + ID + ")"), r.err());
  }

  @Test
  void aRefusedLoginStartsNoShell() throws Exception {
    server.enqueue(
        FakeApi.refusal(403, "forbidden", "dave@example.com may not request 'k8s-view'"));

    CliRun r =
        CliRun.run(
            Map.of("HOME", home.toString(), "SHELL", shell(0).toString()),
            "shell",
            "k8s-view",
            "--server",
            url);

    assertEquals(5, r.exit(), r.transcript());
    assertFalse(Files.exists(seen), "no shell without a grant");
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aShellThatCannotStartStillRevokesTheGrant() throws Exception {
    enqueueActiveKubernetesGrant();
    server.enqueue(json(200, grant(ID, "k8s-view", "kubernetes", "revoked")));

    CliRun r =
        CliRun.run(
            Map.of("HOME", home.toString(), "SHELL", work.resolve("no-such-shell").toString()),
            "shell",
            "k8s-view",
            "--server",
            url);

    assertEquals(
        3, server.getRequestCount(), "the grant nobody can use is revoked: " + r.transcript());
    assertNotEquals(0, r.exit(), r.transcript());
    assertFalse(r.err().contains("cannot reach"), r.err());
  }
}
