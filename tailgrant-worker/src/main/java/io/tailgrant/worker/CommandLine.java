package io.tailgrant.worker;

import java.nio.file.Files;
import java.nio.file.Path;

/** The few flags the worker takes. */
final class CommandLine {
  private CommandLine() {}

  static Path configFile(String[] args, String command) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--help") || args[i].equals("-h")) {
        System.out.println("usage: tailgrant " + command + " --config FILE [--embedded-temporal]\n"
            + "  --config FILE         the TailGrant YAML config\n"
            + "  --embedded-temporal   the Temporal server is the dev stack's embedded one (turns sticky execution off)");
        System.exit(0);
      }
      if (args[i].equals("--config") && i + 1 < args.length) {
        Path p = Path.of(args[i + 1]);
        if (!Files.isRegularFile(p)) {
          System.err.println(p + ": no such file");
          System.exit(1);
        }
        return p;
      }
    }
    System.err.println("usage: tailgrant " + command + " --config FILE");
    System.exit(2);
    return null;
  }

  static boolean hasFlag(String[] args, String flag) {
    for (String a : args) {
      if (a.equals(flag)) {
        return true;
      }
    }
    return false;
  }
}
