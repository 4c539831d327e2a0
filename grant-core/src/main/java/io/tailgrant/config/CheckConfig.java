package io.tailgrant.config;

import java.nio.file.Path;

/** {@code tailgrant check-config FILE}: prints OK, or every problem, and exits 1 on any. */
public final class CheckConfig {
  private CheckConfig() {}

  public static void main(String[] args) {
    if (args.length != 1 || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.println(
          "usage: tailgrant check-config FILE\n"
              + "  Validates a TailGrant config: prints OK, or every problem with file, key and reason (exit 1).");
      System.exit(args.length == 1 ? 0 : 2);
    }
    try {
      TailGrantConfig config = ConfigLoader.load(Path.of(args[0]));
      System.out.println("OK: " + config.grantTypes().size() + " grant type(s)");
    } catch (InvalidConfigException e) {
      e.problems().forEach(System.out::println);
      System.exit(1);
    }
  }
}
