package io.tailgrant.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
    return new CliRun(
        exit,
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8),
        (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * Runs {@code script} with {@code /bin/sh -c} and only {@code env} (plus PATH), as a user's shell
   * would run what the CLI printed; returns its stdout. Fails on a non-zero exit.
   */
  static String sh(String script, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder("/bin/sh", "-c", script).redirectError(ProcessBuilder.Redirect.INHERIT);
    String path = pb.environment().get("PATH");
    pb.environment().clear();
    pb.environment().put("PATH", path == null ? "/usr/bin:/bin" : path);
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("/bin/sh -c " + script + " did not end");
    }
    if (p.exitValue() != 0) {
      throw new AssertionError(
          "/bin/sh -c "
              + script
              + " exited "
              + p.exitValue()
              + ": "
              + out
              + " (its stderr is in the test output)");
    }
    return out;
  }

  List<String> outLines() {
    return out.lines().toList();
  }

  /** For assertion messages: everything the run printed. */
  String transcript() {
    return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
  }
}
