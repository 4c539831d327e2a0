package io.tailgrant.dist;

import io.tailgrant.cli.TailGrantCli;
import io.tailgrant.config.CheckConfig;
import io.tailgrant.doctor.Doctor;
import io.tailgrant.server.ServerMain;
import io.tailgrant.worker.WorkerMain;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The production entry point (the image's ENTRYPOINT): picks the process from the first word. Only
 * what a deployment runs is here; the dev stack and the benchmark are tailgrant-dev's, which adds
 * them in front of this.
 */
public final class Main {
  static final String USAGE =
      """
      usage: tailgrant <command> [options]
        server --config FILE     the WhoIs-gated web UI and JSON API
        worker --config FILE     the Temporal worker (holds the Tailscale OAuth secret)
        check-config FILE        validate a config: prints OK or every problem
        doctor --config FILE     check config, Temporal, OAuth scopes and tags, LocalAPI, clusters
      Client commands (talk to a server: --server URL or TAILGRANT_SERVER):
        login <grantType>        request access, wait for it; kubernetes grants get a kubeconfig
        shell <grantType>        login, then a shell with KUBECONFIG set; revokes on exit (--keep keeps it)
        grants | status <id> | kubeconfig <id> | revoke <id> | extend <id> <duration>
        types | approvals | approve <id> | deny <id> | me | logout | config | completion
      --log-format json|text (or TAILGRANT_LOG_FORMAT) picks the log format. Every command takes --help.""";

  /** The processes {@link #run} starts; every other command it knows is the CLI's. */
  private static final Set<String> PROCESSES = Set.of("server", "worker", "check-config", "doctor");

  /** The commands {@link #run} knows. */
  public static final Set<String> COMMANDS = union(PROCESSES, TailGrantCli.COMMANDS);

  private Main() {}

  public static void main(String[] args) throws Exception {
    args = LogFormat.apply(args, System.getenv("TAILGRANT_LOG_FORMAT"));
    if (args.length == 0
        || args[0].equals("--help")
        || args[0].equals("-h")
        || args[0].equals("help")) {
      System.out.println(USAGE);
      System.exit(args.length == 0 ? 2 : 0);
    }
    if (!COMMANDS.contains(args[0])) {
      System.err.println("tailgrant: unknown command '" + args[0] + "'\n" + USAGE);
      System.exit(2);
    }
    run(args);
  }

  /**
   * Runs one of {@link #COMMANDS} ({@code args[0]}) with the rest of the arguments, once the log
   * format is applied.
   *
   * @throws IllegalArgumentException when {@code args[0]} is not one of them
   */
  public static void run(String[] args) throws Exception {
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "server" -> ServerMain.main(rest);
      case "worker" -> WorkerMain.main(rest);
      case "check-config" -> CheckConfig.main(rest);
      case "doctor" -> Doctor.main(rest);
      default -> {
        if (!TailGrantCli.COMMANDS.contains(args[0])) {
          throw new IllegalArgumentException("not a production command: " + args[0]);
        }
        TailGrantCli.main(args);
      }
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
