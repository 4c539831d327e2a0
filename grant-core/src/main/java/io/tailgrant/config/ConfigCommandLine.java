package io.tailgrant.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The {@code --config FILE} and {@code --help} handling shared by the server and worker commands.
 */
public final class ConfigCommandLine {
  private ConfigCommandLine() {}

  /**
   * The validated config named by {@code --config}; prints usage or every problem and exits
   * otherwise.
   */
  public static TailGrantConfig loadOrExit(String[] args, String usage) {
    if (hasFlag(args, "--help") || hasFlag(args, "-h")) {
      System.out.println(usage);
      System.exit(0);
    }
    int i = Arrays.asList(args).indexOf("--config");
    if (i < 0 || i + 1 >= args.length) {
      System.err.println(usage);
      System.exit(2);
    }
    Path file = Path.of(args[i + 1]);
    if (!Files.isRegularFile(file)) {
      System.err.println(file + ": no such file");
      System.exit(1);
    }
    try {
      return ConfigLoader.load(file);
    } catch (InvalidConfigException e) {
      System.err.println(e.getMessage());
      System.exit(1);
      return null;
    }
  }

  /** The value after {@code name}, or {@code fallback} when the option is absent. */
  public static String option(String[] args, String name, String fallback) {
    int i = Arrays.asList(args).indexOf(name);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
  }

  public static boolean hasFlag(String[] args, String flag) {
    return Arrays.asList(args).contains(flag);
  }
}
