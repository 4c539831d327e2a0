package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.tailgrant.cli.TailGrantCli;
import io.tailgrant.sim.kubernetes.IssuedToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against a real dev stack (embedded Temporal, simulated tailnet and Kubernetes
 * API, worker, server) in real time: {@code login}, waiting for an approver, {@code shell}, {@code
 * status}, {@code grants}, {@code extend}, {@code revoke}, and what each leaves in the cluster. One
 * stack for the class; every CLI run gets its own {@code HOME}.
 */
class CliAgainstDevStackTest {
  private static final String NAMESPACE = "tailgrant";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern REQUESTED =
      Pattern.compile("requested \\S+ as \\S+: grant (g-[a-z0-9]+) ");
  @TempDir static Path tmp;
  private static DevMain dev;
  private static DevStackClient stack;
  private static String url;
  private static int homes;

  @BeforeAll
  static void start() throws Exception {
    int serverPort = DevStackClient.freePort();
    int simPort = DevStackClient.freePort();
    dev =
        DevMain.start(
            new DevStackOptions(
                DevStackClient.freePort(), simPort, serverPort, false, tmp.resolve("state"), null));
    stack = new DevStackClient(serverPort, simPort);
    url = "http://127.0.0.1:" + serverPort;
  }

  @AfterAll
  static void stop() {
    if (dev != null) {
      dev.close();
    }
  }

  /** One CLI run: its exit code and what it printed, readable while it still runs. */
  static final class Run {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Path home;
    final Map<String, String> env = new HashMap<>();
    int exit = -1;

    Run(Path home) {
      this.home = home;
      env.put("HOME", home.toString());
    }

    Run execute(String... args) {
      try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
          PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
        exit = TailGrantCli.execute(args, env, o, e);
      }
      return this;
    }

    String out() {
      return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
      return err.toString(StandardCharsets.UTF_8);
    }

    /** The grant id from the "requested ... grant g-..." progress line, once printed. */
    String grantId() {
      Matcher m = REQUESTED.matcher(err());
      return m.find() ? m.group(1) : null;
    }

    String transcript() {
      return "exit " + exit + "\n--- stdout ---\n" + out() + "--- stderr ---\n" + err();
    }
  }

  private static Run cli(String... args) throws IOException {
    return new Run(newHome()).execute(args);
  }

  private static synchronized Path newHome() throws IOException {
    return Files.createDirectories(tmp.resolve("home-" + (++homes)));
  }

  private static String[] args(String... args) {
    return args;
  }

  private static JsonNode grant(String id) throws Exception {
    return stack.api("GET", "/api/v1/grants/" + id, "alice-laptop", null);
  }

  private static JsonNode awaitStatus(String id, String status, Duration limit) throws Exception {
    return DevStackClient.poll(
        limit, () -> grant(id), g -> g.path("status").asText().equals(status));
  }

  private static ServiceAccount serviceAccount(String id) {
    return dev.cluster()
        .client()
        .serviceAccounts()
        .inNamespace(NAMESPACE)
        .withName("tailgrant-" + id)
        .get();
  }

  private static ClusterRoleBinding binding(String id) {
    return dev.cluster().client().rbac().clusterRoleBindings().withName("tailgrant-" + id).get();
  }

  /**
   * The run printed exactly one line, {@code export KUBECONFIG='<HOME>/.kube/tailgrant/<id>.yaml'},
   * and that file is an owner-only kubeconfig for the grant's ServiceAccount on the dev cluster.
   */
  private static Path assertKubeconfigFor(Run r, String id) throws Exception {
    Path file = r.home.resolve(".kube/tailgrant/" + id + ".yaml");
    assertEquals(
        List.of("export KUBECONFIG='" + file + "'"), r.out().lines().toList(), r.transcript());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    String yaml = Files.readString(file);

    JsonNode parsed = YAML.readTree(yaml);
    assertEquals("Config", parsed.path("kind").asText(), yaml);
    String token = parsed.path("users").get(0).path("user").path("token").asText();
    Config config = Config.fromKubeconfig(yaml);
    assertEquals(
        dev.cluster().url(), config.getMasterUrl().replaceAll("/$", ""), "the dev cluster's URL");
    String configToken =
        config.getOauthToken() != null ? config.getOauthToken() : config.getAutoOAuthToken();
    assertEquals(token, configToken, "fabric8 reads the same token");

    IssuedToken issued =
        dev.cluster()
            .token(token)
            .orElseThrow(
                () ->
                    new AssertionError(
                        "the dev cluster never issued the kubeconfig's token " + token));
    assertEquals(NAMESPACE, issued.namespace());
    assertEquals("tailgrant-" + id, issued.serviceAccount());
    assertTrue(issued.expiresAt().isAfter(Instant.now()), "the token is still valid: " + issued);

    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      List<String> accounts =
          client.serviceAccounts().inNamespace(NAMESPACE).list().getItems().stream()
              .map(sa -> sa.getMetadata().getName())
              .toList();
      assertTrue(
          accounts.contains("tailgrant-" + id),
          "a client from the kubeconfig reaches the cluster: " + accounts);
    }
    return file;
  }

  @Test
  void loginK8sViewPrintsTheExportLineOfAWorkingKubeconfig() throws Exception {
    Run r =
        cli("login", "k8s-view", "--dev-as", "alice-laptop", "--reason", "test", "--server", url);

    assertEquals(0, r.exit, r.transcript());
    String id = r.grantId();
    assertNotNull(id, r.transcript());
    assertKubeconfigFor(r, id);
    assertEquals("view", binding(id).getRoleRef().getName());
    assertEquals("active", grant(id).path("status").asText());
    assertEquals("alice@example.com", grant(id).path("requester").asText());
    stack.api(
        "POST", "/api/v1/grants/" + id + "/revoke", "alice-laptop", "{\"reason\":\"test done\"}");
  }

  @Test
  void loginK8sAdminWaitsForBobsApprovalThenWritesItsKubeconfig() throws Exception {
    Run r = new Run(newHome());
    CompletableFuture<Run> login =
        CompletableFuture.supplyAsync(
            () ->
                r.execute(
                    "login",
                    "k8s-admin",
                    "--dev-as",
                    "alice-laptop",
                    "--reason",
                    "x",
                    "--server",
                    url));

    String id =
        DevStackClient.poll(
                Duration.ofSeconds(15),
                () -> YAML.createObjectNode().put("id", r.grantId()),
                n -> !n.path("id").isNull() || login.isDone())
            .path("id")
            .asText(null);
    assertNotNull(id, r.transcript());
    awaitStatus(id, "pending_approval", Duration.ofSeconds(10));
    DevStackClient.poll(
        Duration.ofSeconds(10),
        () -> YAML.createObjectNode().put("err", r.err()),
        n -> n.path("err").asText().contains("waiting for approval by") || login.isDone());
    assertFalse(login.isDone(), "login waits for the approver: " + r.transcript());
    String waiting =
        r.err()
            .lines()
            .filter(l -> l.startsWith("waiting for approval by "))
            .findFirst()
            .orElseThrow();
    assertTrue(
        waiting.contains("bob@example.com") && waiting.contains("erin@example.com"),
        "names the approvers: " + waiting);
    assertEquals("", r.out(), "nothing on stdout before access is granted");
    assertNull(serviceAccount(id), "no ServiceAccount before approval");

    JsonNode approved =
        stack.api(
            "POST", "/api/v1/grants/" + id + "/approve", "bob-laptop", "{\"comment\":\"ok\"}");
    assertEquals("active", approved.path("status").asText(), approved.toString());

    login.get(30, TimeUnit.SECONDS);
    assertEquals(0, r.exit, r.transcript());
    assertKubeconfigFor(r, id);
    assertEquals("cluster-admin", binding(id).getRoleRef().getName());
    stack.api(
        "POST", "/api/v1/grants/" + id + "/revoke", "alice-laptop", "{\"reason\":\"test done\"}");
  }

  @Test
  void aLoginBobDeniesExitsThree() throws Exception {
    Run r = new Run(newHome());
    CompletableFuture<Run> login =
        CompletableFuture.supplyAsync(
            () ->
                r.execute(
                    "login",
                    "k8s-admin",
                    "--dev-as",
                    "alice-laptop",
                    "--reason",
                    "please",
                    "--server",
                    url));

    String id =
        DevStackClient.poll(
                Duration.ofSeconds(15),
                () -> YAML.createObjectNode().put("id", r.grantId()),
                n -> !n.path("id").isNull() || login.isDone())
            .path("id")
            .asText(null);
    assertNotNull(id, r.transcript());
    awaitStatus(id, "pending_approval", Duration.ofSeconds(10));
    stack.api(
        "POST", "/api/v1/grants/" + id + "/deny", "bob-laptop", "{\"comment\":\"not today\"}");

    login.get(30, TimeUnit.SECONDS);
    assertEquals(3, r.exit, r.transcript());
    assertEquals("", r.out());
    assertTrue(r.err().contains(id + " was denied by bob@example.com"), r.err());
    assertFalse(Files.exists(r.home.resolve(".kube/tailgrant/" + id + ".yaml")));
    assertNull(serviceAccount(id));
  }

  @Test
  void daveIsNotEligible() throws Exception {
    Run r =
        cli("login", "k8s-view", "--dev-as", "dave-laptop", "--reason", "test", "--server", url);

    assertEquals(5, r.exit, r.transcript());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("tailgrant: not eligible for k8s-view: "), r.err());
  }

  @Test
  void shellRunsTheUsersShellWithTheGrantAndRevokesItAfterwards() throws Exception {
    Path seen = tmp.resolve("shell-seen.env");
    Run r = new Run(newHome());
    r.env.put("SHELL", fakeShell(seen).toString());
    r.execute("shell", "k8s-view", "--dev-as", "alice-laptop", "--reason", "test", "--server", url);

    assertEquals(0, r.exit, r.transcript());
    String id = r.grantId();
    Path kubeconfig = r.home.resolve(".kube/tailgrant/" + id + ".yaml");
    assertEquals(
        List.of("KUBECONFIG=" + kubeconfig, "TAILGRANT_GRANT=" + id), Files.readAllLines(seen));
    assertTrue(r.err().contains("revoked " + id), r.err());
    awaitStatus(id, "revoked", Duration.ofSeconds(10));
    assertNull(serviceAccount(id), "the ServiceAccount is gone once the grant is revoked");
    assertNull(binding(id), "the ClusterRoleBinding is gone once the grant is revoked");
  }

  @Test
  void shellKeepThenStatusGrantsExtendAndRevoke() throws Exception {
    Path seen = tmp.resolve("keep-seen.env");
    Run shell = new Run(newHome());
    shell.env.put("SHELL", fakeShell(seen).toString());
    shell.env.put("TAILGRANT_DEV_AS", "alice-laptop");
    shell.env.put("TAILGRANT_SERVER", url);
    shell.execute("shell", "k8s-view", "--reason", "keep it", "--keep");

    assertEquals(0, shell.exit, shell.transcript());
    String id = shell.grantId();
    assertTrue(Files.readAllLines(seen).contains("TAILGRANT_GRANT=" + id));
    assertEquals("active", grant(id).path("status").asText(), "--keep leaves the grant active");
    assertNotNull(serviceAccount(id));

    Run status = cli("status", id, "--dev-as", "alice-laptop", "--server", url);
    assertEquals(0, status.exit, status.transcript());
    assertEquals(id + "  k8s-view  active", status.out().lines().findFirst().orElse(""));
    assertTrue(status.out().contains("requester: alice@example.com   target: dev"), status.out());
    assertTrue(status.out().contains("reason:    keep it"), status.out());

    // The list learns of grants asynchronously: give it a moment.
    Run[] grants = new Run[1];
    DevStackClient.poll(
        Duration.ofSeconds(5),
        () -> {
          grants[0] = cli("grants", "--dev-as", "alice-laptop", "--server", url);
          return YAML.createObjectNode().put("out", grants[0].out());
        },
        n ->
            n.path("out")
                .asText()
                .lines()
                .anyMatch(l -> l.startsWith(id) && l.contains(" active ")));
    assertEquals(0, grants[0].exit, grants[0].transcript());
    String row = grants[0].out().lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow();
    assertEquals(
        List.of(id, "k8s-view", "active", "dev", grant(id).path("expiresAt").asText()),
        List.of(row.trim().split("\\s+")),
        grants[0].out());

    Instant before = Instant.parse(grant(id).path("expiresAt").asText());
    Run extend = cli("extend", id, "10m", "--dev-as", "alice-laptop", "--server", url);
    assertEquals(0, extend.exit, extend.transcript());
    Instant after = Instant.parse(grant(id).path("expiresAt").asText());
    assertEquals(Duration.ofMinutes(10), Duration.between(before, after), "extended by 10m");
    assertEquals(List.of(id + " is active until " + after), extend.out().lines().toList());

    Run bobExtends = cli("extend", id, "10m", "--dev-as", "bob-laptop", "--server", url);
    assertEquals(
        2, bobExtends.exit, "only alice's grant is hers to extend: " + bobExtends.transcript());

    Run revoke = cli("revoke", id, "--reason", "done", "--dev-as", "alice-laptop", "--server", url);
    assertEquals(0, revoke.exit, revoke.transcript());
    assertTrue(revoke.out().startsWith(id + " is "), revoke.out());
    JsonNode revoked = awaitStatus(id, "revoked", Duration.ofSeconds(10));
    assertTrue(revoked.toString().contains("done"), "the reason is recorded: " + revoked);
    assertNull(serviceAccount(id));
    assertNull(binding(id));

    Run again = cli("kubeconfig", id, "--dev-as", "alice-laptop", "--server", url);
    assertEquals(2, again.exit, "no kubeconfig for a revoked grant: " + again.transcript());
    assertEquals("", again.out());
  }

  @Test
  void anExpiredGrantLeavesNothingInTheCluster() throws Exception {
    Run r =
        cli(
            "login",
            "k8s-view",
            "--dev-as",
            "alice-laptop",
            "--reason",
            "short",
            "--duration",
            "20s",
            "--server",
            url);
    assertEquals(0, r.exit, r.transcript());
    String id = r.grantId();
    assertKubeconfigFor(r, id);
    assertNotNull(binding(id));

    awaitStatus(id, "expired", Duration.ofSeconds(60));

    assertNull(serviceAccount(id), "ServiceAccount tailgrant-" + id + " is gone after expiry");
    assertNull(binding(id), "ClusterRoleBinding tailgrant-" + id + " is gone after expiry");
    Run status = cli("status", id, "--dev-as", "alice-laptop", "--server", url);
    assertEquals(0, status.exit, status.transcript());
    assertTrue(status.out().startsWith(id + "  k8s-view  expired"), status.out());
  }

  /** A stand-in for the user's shell: writes what it was given to {@code seen}, then exits 0. */
  private static Path fakeShell(Path seen) throws IOException {
    Path script = tmp.resolve("fake-shell-" + seen.getFileName() + ".sh");
    Files.writeString(
        script,
        """
        #!/bin/sh
        printf 'KUBECONFIG=%%s\\nTAILGRANT_GRANT=%%s\\n' "$KUBECONFIG" "$TAILGRANT_GRANT" > '%s'
        exit 0
        """
            .formatted(seen));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }
}
