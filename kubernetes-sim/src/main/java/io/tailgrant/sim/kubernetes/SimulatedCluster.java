package io.tailgrant.sim.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API on loopback for the dev stack and tests: ServiceAccounts, (Cluster)Role bindings
 * and TokenRequests behave like a real API server's, kept in memory. Every request is recorded with
 * the user its token stands for ({@link #requests()}); nothing is authorized.
 */
public final class SimulatedCluster implements AutoCloseable {
  private static final Logger QUIET = Logger.getLogger("io.fabric8.mockwebserver");
  private static final SecureRandom RANDOM = new SecureRandom();
  private final KubernetesMockServer server;
  private final TokenRequestDispatcher dispatcher;
  private final AuditingDispatcher audit;
  private final Map<String, String> staticTokens;
  private final KubernetesClient client;
  private final List<KubernetesClient> userClients = new CopyOnWriteArrayList<>();

  private SimulatedCluster(
      KubernetesMockServer server,
      TokenRequestDispatcher dispatcher,
      AuditingDispatcher audit,
      Map<String, String> staticTokens) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.audit = audit;
    this.staticTokens = staticTokens;
    this.client = server.createClient();
  }

  /** Starts on {@code port} of 127.0.0.1 (0 for any free port); tokens expire by {@code clock}. */
  public static SimulatedCluster start(int port, Clock clock) {
    // The mock server logs every request at INFO through java.util.logging: too loud for a dev
    // console.
    QUIET.setLevel(Level.WARNING);
    TokenRequestDispatcher dispatcher = new TokenRequestDispatcher(clock);
    Map<String, String> staticTokens = new ConcurrentHashMap<>();
    AuditingDispatcher audit =
        new AuditingDispatcher(dispatcher, staticTokens, dispatcher.issued());
    KubernetesMockServer server =
        new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), audit, false);
    server.init(InetAddress.getLoopbackAddress(), port);
    return new SimulatedCluster(server, dispatcher, audit, staticTokens);
  }

  public static SimulatedCluster start() {
    return start(0, Clock.systemUTC());
  }

  /** The API server's base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  public int port() {
    return server.getPort();
  }

  /** An admin client of this cluster, for tests to look at what TailGrant did. */
  public KubernetesClient client() {
    return client;
  }

  /**
   * A new client that authenticates as {@code user} with a bearer token of its own (as a static
   * token file would map it), so its requests can be told from others' in {@link #requestsBy}.
   * Closed with the cluster.
   */
  public KubernetesClient clientAs(String user) {
    byte[] raw = new byte[18];
    RANDOM.nextBytes(raw);
    String token = "static." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    staticTokens.put(token, user);
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url())
            .withOauthToken(token)
            .withRequestRetryBackoffLimit(0)
            .build();
    KubernetesClient c = new KubernetesClientBuilder().withConfig(config).build();
    userClients.add(c);
    return c;
  }

  /** Every request answered so far (the last 10,000), oldest first. */
  public List<ApiRequest> requests() {
    return audit.log();
  }

  /** The requests {@code user} sent (see {@link #clientAs}), oldest first. */
  public List<ApiRequest> requestsBy(String user) {
    return audit.log().stream().filter(r -> r.user().equals(user)).toList();
  }

  /** What a bearer token issued here stands for, if it was issued here. */
  public Optional<IssuedToken> token(String token) {
    return Optional.ofNullable(dispatcher.issued().get(token));
  }

  public Map<String, IssuedToken> issuedTokens() {
    return Map.copyOf(dispatcher.issued());
  }

  /**
   * Writes a kubeconfig (mode 0600) whose one context, {@code context}, is this cluster's admin.
   */
  public Path writeKubeconfig(Path file, String context) throws IOException {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
        users:
        - name: %1$s-admin
          user:
            token: simulated-cluster-admin
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s-admin
        current-context: %1$s
        """
            .formatted(context, url());
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, yaml);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // Not a POSIX file system: the dev cluster's admin token guards nothing real.
    }
    return file;
  }

  @Override
  public void close() {
    userClients.forEach(KubernetesClient::close);
    client.close();
    server.destroy();
  }
}
