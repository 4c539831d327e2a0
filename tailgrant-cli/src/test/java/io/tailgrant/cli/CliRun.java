package io.tailgrant.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One in-process run of the CLI through its public entry point: exit code, stdout and stderr. */
record CliRun(int exit, String out, String err, long millis) {

  static CliRun run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long start = System.nanoTime();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = TailGrantCli.execute(args, env, o, e);
    }
    return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
        (System.nanoTime() - start) / 1_000_000);
  }

  List<String> outLines() {
    return out.lines().toList();
  }

  /** For assertion messages: everything the run printed. */
  String transcript() {
    return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
  }
}
