package io.tailgrant.doctor;

import io.tailgrant.config.ConfigLoader;
import io.tailgrant.config.InvalidConfigException;
import io.tailgrant.config.KubernetesClusterConfig;
import io.tailgrant.config.NotificationChannelConfig;
import io.tailgrant.config.TailGrantConfig;
import io.tailgrant.identity.WhoIsClient;
import io.tailgrant.kubernetes.KubernetesClusters;
import io.tailgrant.notify.ChannelSender;
import io.tailgrant.notify.NotificationChannels;
import io.tailgrant.tailnet.CredentialCheck;
import io.tailgrant.tailnet.TailscaleApiClient;
import io.tailgrant.temporal.PayloadEncryption;
import io.tailgrant.temporal.TemporalConnection;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./tailgrant doctor --config FILE [--validate-keys]}: every check a deployment needs before
 * it goes live (config, Temporal, payload key, OAuth client and its scopes and tags, the LocalAPI,
 * Kubernetes clusters, notification channels), as a table of PASS/FAIL with the fix for each
 * failure.
 */
public final class Doctor {
  static final String USAGE =
      """
      usage: tailgrant doctor --config FILE [--validate-keys]
        Checks the config, Temporal, the payload encryption key, the Tailscale OAuth client (token,
        scopes: users when a type changes roles, auth_keys and tag ownership when a type mints keys,
        and with --validate-keys tag ownership of every managed tag, each via an ephemeral auth key
        that is deleted at once), tailscaled's LocalAPI, every Kubernetes cluster and every
        notification channel's secrets (nothing is sent). Exit 0 when all pass, 1 otherwise.""";

  private Doctor() {}

  public static void main(String[] args) {
    List<String> a = List.of(args);
    if (a.contains("--help") || a.contains("-h")) {
      System.out.println(USAGE);
      System.exit(0);
    }
    int i = a.indexOf("--config");
    if (i < 0 || i + 1 >= args.length) {
      System.err.println(USAGE);
      System.exit(2);
    }
    List<Check> checks = run(Path.of(args[i + 1]), a.contains("--validate-keys"));
    System.exit(print(checks, System.out) ? 0 : 1);
  }

  /** Runs every check; later checks are skipped when what they need failed. */
  public static List<Check> run(Path file, boolean validateKeys) {
    List<Check> out = new ArrayList<>();
    TailGrantConfig config;
    try {
      config = ConfigLoader.load(file);
      out.add(Check.pass("config", file + ": " + config.grantTypes().size() + " grant type(s)"));
    } catch (InvalidConfigException e) {
      for (String problem : e.problems()) {
        out.add(
            Check.fail(
                "config",
                problem,
                "edit the file; tailgrant check-config " + file + " lists every problem"));
      }
      return out;
    }
    out.add(temporal(config));
    out.add(encryptionKey(config));
    out.addAll(tailscale(config, validateKeys));
    out.add(localApi(config));
    for (KubernetesClusterConfig c : config.kubernetes().clusters()) {
      out.add(cluster(c));
    }
    for (NotificationChannelConfig c : config.notifications().channels().values()) {
      out.add(notificationChannel(c));
    }
    return out;
  }

  private static Check temporal(TailGrantConfig config) {
    String name = "temporal " + config.temporal().target();
    try (TemporalConnection c = TemporalConnection.connect(config.temporal())) {
      c.checkReachable();
      return Check.pass(name, "reachable, namespace " + config.temporal().namespace());
    } catch (RuntimeException e) {
      return Check.fail(
          name,
          firstLine(e),
          "start Temporal or fix temporal.target"
              + (config.temporal().tls() == null
                  ? ""
                  : "; check temporal.tls (CA, client certificate, serverName)"));
    }
  }

  private static Check encryptionKey(TailGrantConfig config) {
    Path key = config.temporal().encryptionKeyFile();
    if (key == null) {
      return Check.fail(
          "payload encryption",
          "temporal.encryptionKeyFile is not set: reasons, identities and"
              + " kubeconfigs would be stored in Temporal in plaintext",
          "openssl rand -base64 32 > /run/secrets/tailgrant-payload-key; set temporal.encryptionKeyFile");
    }
    try {
      return Check.pass("payload encryption", "key " + PayloadEncryption.fromFile(key).keyId());
    } catch (RuntimeException e) {
      return Check.fail("payload encryption", e.getMessage(), "openssl rand -base64 32 > " + key);
    }
  }

  private static List<Check> tailscale(TailGrantConfig config, boolean validateKeys) {
    var ts = config.tailscale();
    if (ts == null || ts.oauthClientSecret() == null) {
      return List.of(
          Check.skip(
              "tailscale oauth", "no tailscale.oauth in this config (a server-only config)"));
    }
    String secret;
    try {
      secret = ts.oauthClientSecret().read();
    } catch (RuntimeException e) {
      return List.of(
          Check.fail(
              "tailscale oauth secret",
              e.getMessage(),
              "put the OAuth client's secret in "
                  + ts.oauthClientSecret()
                  + " (readable by the worker only)"));
    }
    TailscaleApiClient api =
        TailscaleApiClient.create(ts.apiBaseUrl(), ts.tailnet(), ts.oauthClientId(), secret);
    List<Check> out = new ArrayList<>();
    for (CredentialCheck.Result r :
        CredentialCheck.run(api, CredentialCheck.Needs.of(config), validateKeys)) {
      out.add(r.passed() ? Check.pass(r.name(), "ok") : Check.fail(r.name(), r.problem(), r.fix()));
    }
    if (!validateKeys && !config.managedTags().isEmpty()) {
      out.add(
          Check.skip(
              "tag ownership",
              "run with --validate-keys to prove the client owns "
                  + String.join(" ", config.managedTags())));
    }
    return out;
  }

  private static Check localApi(TailGrantConfig config) {
    var ts = config.tailscale();
    if (ts == null) {
      return Check.skip("localapi", "no tailscale section");
    }
    boolean tcp = ts.localApiUrl() != null;
    String where = tcp ? ts.localApiUrl() : ts.localApiSocket();
    if (!tcp && !Files.exists(Path.of(where))) {
      return Check.fail(
          "localapi " + where,
          "no such socket",
          "run tailscaled beside the server and share its"
              + " socket (tailscale.localApiSocket); the server identifies every caller through it");
    }
    try {
      WhoIsClient whois =
          tcp ? WhoIsClient.overTcp(where) : WhoIsClient.overUnixSocket(Path.of(where));
      whois.whois("127.0.0.1:1");
      return Check.pass("localapi " + where, "answers WhoIs");
    } catch (RuntimeException e) {
      return Check.fail(
          "localapi " + where,
          firstLine(e),
          "check that tailscaled runs and the server may read its"
              + " socket (group or file mode)");
    }
  }

  /**
   * A notification channel's secrets can be read and its URL is http(s); nothing is sent (a test
   * message would reach real people). Only the channel's scheme, host and port are shown.
   */
  private static Check notificationChannel(NotificationChannelConfig c) {
    String name = "notify " + c.name();
    try {
      ChannelSender sender = NotificationChannels.build(c, null);
      return Check.pass(name, sender + ", secrets readable (nothing sent)");
    } catch (RuntimeException e) {
      return Check.fail(
          name,
          firstLine(e),
          "put the channel's secrets where notifications.channels."
              + c.name()
              + " says (readable by the worker only); Slack and Teams webhook URLs are secrets");
    }
  }

  private static Check cluster(KubernetesClusterConfig c) {
    String name = "kubernetes " + c.name();
    try (KubernetesClusters clusters = KubernetesClusters.connect(List.of(c))) {
      var client = clusters.get(c.name()).client();
      int n = client.serviceAccounts().inNamespace(c.namespace()).list().getItems().size();
      return Check.pass(
          name,
          clusters.get(c.name()).serverUrl()
              + ", namespace "
              + c.namespace()
              + " ("
              + n
              + " service accounts)");
    } catch (RuntimeException e) {
      return Check.fail(
          name,
          firstLine(e),
          "check kubeconfigFile/context (or inCluster), that namespace "
              + c.namespace()
              + " exists, and the worker's RBAC (deploy/kubernetes/rbac.yaml)");
    }
  }

  /** Prints the table and the fixes; true when nothing failed. */
  static boolean print(List<Check> checks, PrintStream out) {
    int width = Math.max(20, checks.stream().mapToInt(c -> c.name().length()).max().orElse(20));
    out.printf("%-" + width + "s  %-6s %s%n", "CHECK", "RESULT", "DETAIL");
    for (Check c : checks) {
      out.printf("%-" + width + "s  %-6s %s%n", c.name(), c.outcome(), c.detail());
    }
    List<Check> failed = checks.stream().filter(c -> c.outcome() == Check.Outcome.FAIL).toList();
    if (failed.isEmpty()) {
      out.println("\nall checks passed");
      return true;
    }
    out.println("\nhow to fix:");
    for (Check c : failed) {
      out.println("  " + c.name() + ": " + c.fix());
    }
    return false;
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }
}
