package io.tailgrant.dev;

import io.tailgrant.dev.bench.Bench;
import io.tailgrant.dist.LogFormat;
import io.tailgrant.dist.Main;
import java.util.Arrays;

/**
 * The entry point behind {@code ./tailgrant}: the dev-only commands ({@code dev}, {@code bench}),
 * and every production command through tailgrant-dist's {@link Main}, which the image runs alone.
 */
public final class Launcher {
  static final String USAGE =
      """
      usage: tailgrant <command> [options]
        dev                      the whole system on the embedded dev stack (see tailgrant dev --help)
        server --config FILE     the WhoIs-gated web UI and JSON API
        worker --config FILE     the Temporal worker (holds the Tailscale OAuth secret)
        check-config FILE        validate a config: prints OK or every problem
        doctor --config FILE     check config, Temporal, OAuth scopes and tags, LocalAPI, clusters
        bench <scenario>         latency | pages | scale | reconcile | all: figures into docs/BENCHMARKS.md
      Client commands (talk to a server: --server URL or TAILGRANT_SERVER; dev stack: --dev-as DEVICE):
        login <grantType>        request access, wait for it; kubernetes grants get a kubeconfig
        shell <grantType>        login, then a shell with KUBECONFIG set; revokes on exit (--keep keeps it)
        grants | status <id> | kubeconfig <id> | revoke <id> | extend <id> <duration>
        types | approvals | approve <id> | deny <id> | me | logout | config | completion
      Every command takes --help.""";

  private Launcher() {}

  public static void main(String[] args) throws Exception {
    args = LogFormat.apply(args, System.getenv("TAILGRANT_LOG_FORMAT"));
    if (args.length == 0
        || args[0].equals("--help")
        || args[0].equals("-h")
        || args[0].equals("help")) {
      System.out.println(USAGE);
      System.exit(args.length == 0 ? 2 : 0);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "dev" -> DevMain.main(rest);
      case "bench" -> Bench.main(rest);
      default -> {
        if (!Main.COMMANDS.contains(args[0])) {
          System.err.println("tailgrant: unknown command '" + args[0] + "'\n" + USAGE);
          System.exit(2);
        }
        Main.run(args);
      }
    }
  }
}
