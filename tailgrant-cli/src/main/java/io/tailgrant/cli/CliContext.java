package io.tailgrant.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What one run of the CLI works with: its environment and streams (given, so tests and embedders
 * choose them) and how often it polls a grant it waits for.
 */
final class CliContext {
  final Map<String, String> env;
  final PrintStream out;
  final PrintStream err;
  final Duration pollInterval;

  CliContext(Map<String, String> env, PrintStream out, PrintStream err, Duration pollInterval) {
    this.env = env;
    this.out = out;
    this.err = err;
    this.pollInterval = pollInterval;
  }

  /** An environment variable, or null when it is unset or blank. */
  String env(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v;
  }

  /** {@code $HOME}, or the JVM's idea of it when the environment has none. */
  Path home() {
    String home = env("HOME");
    return Path.of(home != null ? home : System.getProperty("user.home", "."));
  }

  /** A line of a command's output: what the server sent in it cannot drive the terminal. */
  void show(String line) {
    out.println(Untrusted.printable(line));
  }

  /** A progress or warning line on stderr, made printable the same way. */
  void say(String line) {
    err.println(Untrusted.printable(line));
  }
}
