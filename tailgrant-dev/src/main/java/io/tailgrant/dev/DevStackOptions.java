package io.tailgrant.dev;

import java.nio.file.Path;

/** The dev stack's flags. */
record DevStackOptions(
    int temporalPort,
    int simPort,
    int serverPort,
    boolean withoutWorker,
    Path stateDir,
    Path seed,
    String reconcileInterval,
    int kubernetesPort,
    int opsPort,
    int seedSize) {

  /** The largest {@code --seed-size}. */
  static final int MAX_SEED_SIZE = 50_000;

  DevStackOptions(
      int temporalPort,
      int simPort,
      int serverPort,
      boolean withoutWorker,
      Path stateDir,
      Path seed,
      String reconcileInterval,
      int kubernetesPort,
      int opsPort) {
    this(
        temporalPort,
        simPort,
        serverPort,
        withoutWorker,
        stateDir,
        seed,
        reconcileInterval,
        kubernetesPort,
        opsPort,
        0);
  }

  DevStackOptions(
      int temporalPort,
      int simPort,
      int serverPort,
      boolean withoutWorker,
      Path stateDir,
      Path seed) {
    this(temporalPort, simPort, serverPort, withoutWorker, stateDir, seed, "30s");
  }

  /** Tests: the simulated cluster on any free port. */
  DevStackOptions(
      int temporalPort,
      int simPort,
      int serverPort,
      boolean withoutWorker,
      Path stateDir,
      Path seed,
      String reconcileInterval) {
    this(temporalPort, simPort, serverPort, withoutWorker, stateDir, seed, reconcileInterval, 0, 0);
  }

  static final String USAGE =
      """
      usage: tailgrant dev [--port 8080] [--sim-port 8081] [--temporal-port 7233] [--kubernetes-port 8082] [--ops-port 8083]
                           [--without-worker] [--seed FILE | --seed-size N] [--reconcile-interval D] [--state-dir DIR]
        Starts embedded Temporal, the simulated tailnet, the worker and the server in one process.
        --port N            the TailGrant server (default 8080)
        --sim-port N        the simulated tailnet: Tailscale API, LocalAPI and /sim routes (default 8081)
        --temporal-port N   embedded Temporal (default 7233)
        --kubernetes-port N the simulated Kubernetes API (default 8082)
        --ops-port N        /metrics, /healthz and /readyz (default 8083)
        --without-worker    start everything but the worker, and print the command that starts one
        --seed FILE         the simulated tailnet's YAML seed (default: the built-in one)
        --seed-size N       a generated tailnet of N users and N devices (1 to 50000): the built-in
                            users and devices first, then realistic people, laptops and tagged servers
        --reconcile-interval D   how often reconciliation sweeps (default 30s)
        --state-dir DIR     where the generated config and dev secret go (default .tailgrant-dev)""";

  /** A mistake on the command line; the message says which. */
  static final class UsageError extends IllegalArgumentException {
    UsageError(String message) {
      super(message);
    }
  }

  /**
   * As {@link #parse}, printing the mistake and the usage and exiting 2 on a {@link UsageError}.
   */
  static DevStackOptions parseOrExit(String[] args) {
    try {
      return parse(args);
    } catch (UsageError e) {
      System.err.println("tailgrant dev: " + e.getMessage() + "\n" + USAGE);
      System.exit(2);
      return null;
    }
  }

  /** The options {@code args} give; {@code --help} prints the usage and exits. */
  static DevStackOptions parse(String[] args) {
    int temporal = 7233, sim = 8081, server = 8080, kubernetes = 8082, ops = 8083;
    int seedSize = 0;
    boolean withoutWorker = false;
    Path stateDir = Path.of(".tailgrant-dev");
    Path seed = null;
    String reconcile = "30s";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--help", "-h" -> {
          System.out.println(USAGE);
          System.exit(0);
        }
        case "--port" -> server = port(args, ++i);
        case "--sim-port" -> sim = port(args, ++i);
        case "--temporal-port" -> temporal = port(args, ++i);
        case "--kubernetes-port" -> kubernetes = port(args, ++i);
        case "--ops-port" -> ops = port(args, ++i);
        case "--without-worker" -> withoutWorker = true;
        case "--state-dir" -> stateDir = Path.of(value(args, ++i));
        case "--seed" -> seed = Path.of(value(args, ++i));
        case "--seed-size" -> seedSize = seedSize(args, ++i);
        case "--reconcile-interval" -> reconcile = value(args, ++i);
        default -> fail("unknown option " + args[i]);
      }
    }
    if (seed != null && seedSize > 0) {
      fail("--seed and --seed-size exclude each other: a seed file is the whole tailnet");
    }
    return new DevStackOptions(
        temporal, sim, server, withoutWorker, stateDir, seed, reconcile, kubernetes, ops, seedSize);
  }

  private static int seedSize(String[] args, int i) {
    String v = value(args, i);
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= MAX_SEED_SIZE) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    fail(
        "--seed-size needs a number of users and devices from 1 to "
            + MAX_SEED_SIZE
            + ", not "
            + v);
    return 0;
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      fail(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static int port(String[] args, int i) {
    try {
      int p = Integer.parseInt(value(args, i));
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      fail(args[i - 1] + " needs a port number from 1 to 65535");
      return 0;
    }
  }

  private static void fail(String message) {
    throw new UsageError(message);
  }
}
