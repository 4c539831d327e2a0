package io.tailgrant.dist;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --log-format json|text} (or {@code TAILGRANT_LOG_FORMAT}): picks the logback configuration
 * before the first logger exists. JSON lines suit log shippers; text suits people.
 */
public final class LogFormat {
  public static final String JSON_CONFIG = "logback-json.xml";

  private LogFormat() {}

  /** Applies the format and returns the arguments without the flag. */
  public static String[] apply(String[] args, String fromEnvironment) {
    String format = fromEnvironment;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--log-format") && i + 1 < args.length) {
        format = args[++i];
      } else {
        rest.add(args[i]);
      }
    }
    if (format != null && !format.isBlank()) {
      switch (format) {
        case "json" -> System.setProperty("logback.configurationFile", JSON_CONFIG);
        case "text" -> {}
        default -> {
          System.err.println("tailgrant: --log-format takes json or text, not '" + format + "'");
          System.exit(2);
        }
      }
    }
    return rest.toArray(String[]::new);
  }
}
