package io.tailgrant.dev.bench;

import io.tailgrant.sim.SimSeed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./tailgrant bench <scenario>}: runs one scenario (or all) against the whole system in this
 * JVM, prints its figures and writes them to docs/BENCHMARKS.md.
 */
public final class Bench {
  static final String USAGE =
      """
      usage: tailgrant bench <scenario>... [--rounds N] [--clients N] [--requests N]
                             [--out FILE] [--no-write] [--trace]
        latency     HTTP request → access on the device, HTTP revoke → gone, vs a bare round trip
                    (--rounds, default 100; --trace prints the last round's workflow histories)
        pages       concurrent clients on the home page, the inbox and a grant page
                    (--clients, default 50; --requests, default 3000)
        all         every scenario, one after the other
      Figures replace each scenario's section of docs/BENCHMARKS.md (--out FILE elsewhere,
      --no-write to only print). Everything runs embedded, on free loopback ports.""";

  private Bench() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("tailgrant bench: " + e.getMessage() + "\n" + USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(USAGE);
      return;
    }
    try {
      for (String scenario : options.scenarios()) {
        BenchReport report = run(scenario, options);
        if (options.write()) {
          report.writeTo(options.out());
          System.out.println("written to " + options.out());
        }
      }
    } catch (Exception | Error e) {
      // The stack's non-daemon threads would keep the JVM alive after a failed run.
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  /** Runs one scenario on a fresh stack and returns its report. */
  static BenchReport run(String scenario, BenchOptions o) throws Exception {
    BenchReport report = new BenchReport(scenario, o.commandLine(scenario));
    System.out.println("== " + scenario);
    switch (scenario) {
      case "latency" -> {
        try (BenchStack stack = new BenchStack(SimSeed.defaultSeed(), "5m")) {
          new LatencyScenario().run(stack, o.rounds(), o.trace(), report);
        }
      }
      case "pages" -> {
        try (BenchStack stack = new BenchStack(SimSeed.defaultSeed(), "5m")) {
          new PagesScenario().run(stack, o.clients(), o.requests(), report);
        }
      }
      default -> throw new IllegalArgumentException("unknown scenario " + scenario);
    }
    return report;
  }

  /** What the command line asked for. */
  record BenchOptions(
      List<String> scenarios,
      boolean help,
      int rounds,
      int clients,
      int requests,
      Path out,
      boolean write,
      boolean trace,
      Map<String, String> given) {
    static final List<String> ALL = List.of("latency", "pages");

    static BenchOptions parse(String[] args) {
      List<String> scenarios = new ArrayList<>();
      Map<String, String> given = new java.util.LinkedHashMap<>();
      boolean help = false;
      boolean write = true;
      boolean trace = false;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "-h", "--help" -> help = true;
          case "--no-write" -> write = false;
          case "--trace" -> trace = true;
          case "--rounds", "--clients", "--requests", "--out" -> {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException(a + " needs a value");
            }
            given.put(a.substring(2), args[++i]);
          }
          case "all" -> scenarios.addAll(ALL);
          default -> {
            if (!ALL.contains(a)) {
              throw new IllegalArgumentException("unknown scenario or option '" + a + "'");
            }
            scenarios.add(a);
          }
        }
      }
      if (scenarios.isEmpty() && !help) {
        throw new IllegalArgumentException("name a scenario");
      }
      return new BenchOptions(
          scenarios,
          help,
          positive(given, "rounds", 100),
          positive(given, "clients", 50),
          positive(given, "requests", 3000),
          Path.of(given.getOrDefault("out", "docs/BENCHMARKS.md")),
          write,
          trace,
          given);
    }

    private static int positive(Map<String, String> given, String key, int fallback) {
      String v = given.get(key);
      if (v == null) {
        return fallback;
      }
      try {
        int n = Integer.parseInt(v);
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
      throw new IllegalArgumentException("--" + key + " must be a positive whole number, not " + v);
    }

    String commandLine(String scenario) {
      StringBuilder b = new StringBuilder("./tailgrant bench ").append(scenario);
      given.forEach((k, v) -> b.append(" --").append(k).append(' ').append(v));
      return b.toString();
    }
  }
}
